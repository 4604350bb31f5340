package io.pybridge.maven;

import java.nio.file.Path;

/**
 * Where a problem is, as a compiler reports it: {@code file:line: message}, then the source line
 * and a caret under the column, in ASCII (any other character prints as {@code ?}, one for one, so
 * the caret stays under its column).
 *
 * @param file the file; null line 0 when only the file is known
 * @param line 1-based, or 0 when unknown
 * @param column 1-based, or 0 when unknown (no caret)
 * @param source the line's text, or "" when unknown (no source and no caret)
 */
record SourceLocation(Path file, int line, int column, String source) {

    /** The problem's text: the location and message on the first line, then the source and caret lines. */
    String format(String message) {
        StringBuilder text = new StringBuilder(ascii(file.toString()));
        if (line > 0) {
            text.append(':').append(line);
        }
        text.append(": ").append(ascii(message));
        if (line > 0 && !source.isBlank()) {
            String shown = ascii(source.stripTrailing());
            text.append(System.lineSeparator()).append("    ").append(shown);
            if (column > 0 && column <= shown.length() + 1) {
                StringBuilder caret = new StringBuilder("    ");
                for (int i = 0; i < column - 1; i++) {
                    caret.append(shown.charAt(i) == '\t' ? '\t' : ' ');
                }
                text.append(System.lineSeparator()).append(caret).append('^');
            }
        }
        return text.toString();
    }

    /** {@code text} with every character outside printable ASCII (tabs kept) as {@code ?}. */
    static String ascii(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c == '\t' || (c >= 0x20 && c < 0x7f)) {
                out.append((char) c);
            }
            else {
                // A character outside the BMP is one column in an editor: one ? keeps the caret aligned.
                out.append('?');
            }
        });
        return out.toString();
    }
}
