package io.pybridge.maven;

import java.util.ArrayList;
import java.util.List;

/**
 * A Python type hint as {@code check_sources.py} normalizes it: a name ({@code int},
 * {@code float}, {@code str}, {@code bool}, {@code bytes}, {@code None}, {@code ?} for a hint
 * that is never judged) with arguments for {@code list[E]}, {@code dict[K,V]},
 * {@code dataclass[Name]} and {@code union[A|B]}.
 *
 * @param name the hint's kind
 * @param arguments the element types of a list or dict, the members of a union; the class name
 *     of a dataclass is its {@link #text}
 * @param text the hint as written by the script, for messages
 */
record PythonHint(String name, List<PythonHint> arguments, String text) {

    /** A hint that is never judged. */
    static final PythonHint UNKNOWN = new PythonHint("?", List.of(), "?");

    PythonHint {
        arguments = List.copyOf(arguments);
    }

    boolean isUnknown() {
        return name.equals("?");
    }

    /** Parses the script's form; anything it does not recognize is {@link #UNKNOWN}. */
    static PythonHint parse(String text) {
        try {
            Parser parser = new Parser(text.trim());
            PythonHint hint = parser.hint();
            return parser.position == parser.text.length() ? hint : UNKNOWN;
        }
        catch (IndexOutOfBoundsException | IllegalArgumentException ex) {
            return UNKNOWN;
        }
    }

    /** How the hint reads in Python. */
    String python() {
        return switch (name) {
            case "union" -> String.join(" | ", arguments.stream().map(PythonHint::python).toList());
            case "dataclass" -> text.substring("dataclass[".length(), text.length() - 1) + " (a dataclass)";
            case "list", "dict" -> name + "[" + String.join(", ", arguments.stream().map(PythonHint::python).toList()) + "]";
            case "?" -> "Any";
            default -> name;
        };
    }

    private static final class Parser {

        private final String text;

        private int position;

        Parser(String text) {
            this.text = text;
        }

        PythonHint hint() {
            int start = position;
            while (position < text.length() && (Character.isLetterOrDigit(text.charAt(position))
                    || text.charAt(position) == '_' || text.charAt(position) == '?' || text.charAt(position) == '.')) {
                position++;
            }
            String name = text.substring(start, position);
            if (name.isEmpty()) {
                throw new IllegalArgumentException("no name at " + start);
            }
            if (position == text.length() || text.charAt(position) != '[') {
                // A bare list or dict says nothing of its elements.
                return switch (name) {
                    case "list" -> new PythonHint(name, List.of(UNKNOWN), name);
                    case "dict" -> new PythonHint(name, List.of(UNKNOWN, UNKNOWN), name);
                    default -> new PythonHint(name, List.of(), name);
                };
            }
            position++;
            if (name.equals("dataclass")) {
                int end = text.indexOf(']', position);
                String className = text.substring(position, end);
                position = end + 1;
                return new PythonHint(name, List.of(), "dataclass[" + className + "]");
            }
            char separator = name.equals("union") ? '|' : ',';
            List<PythonHint> arguments = new ArrayList<>();
            arguments.add(hint());
            while (text.charAt(position) == separator) {
                position++;
                arguments.add(hint());
            }
            if (text.charAt(position) != ']') {
                throw new IllegalArgumentException("no ] at " + position);
            }
            position++;
            return new PythonHint(name, arguments, text.substring(start, position));
        }
    }
}
