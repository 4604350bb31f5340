package io.pybridge.core.internal.process;

/**
 * Reads one JSON string literal, as Python's {@code json.dumps} writes it with its default
 * {@code ensure_ascii}: ASCII, every other character a {@code \\uXXXX} escape (lone surrogates
 * too, so nothing is lost). Pure.
 */
final class JsonText {

    private JsonText() {
    }

    /** The string whose literal starts at {@code start} of {@code text} (at its opening quote). */
    static String unquote(String text, int start) {
        if (text.charAt(start) != '"') {
            throw new IllegalArgumentException("not a JSON string at " + start);
        }
        StringBuilder out = new StringBuilder(text.length() - start);
        for (int i = start + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char escaped = text.charAt(++i);
            switch (escaped) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    out.append((char) Integer.parseInt(text, i + 1, i + 5, 16));
                    i += 4;
                }
                default -> out.append(escaped); // \" \\ \/
            }
        }
        throw new IllegalArgumentException("unterminated JSON string");
    }
}
