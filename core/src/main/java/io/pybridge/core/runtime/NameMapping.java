package io.pybridge.core.runtime;

import java.util.Locale;

/**
 * How the names Java declares (record components, {@code @Keyword} parameters) are spelled in
 * Python. Names a program writes as text, such as the keys of a {@code Map} or the keywords map of
 * {@code call(module, function, args, keywords, type)}, cross unchanged under either mapping; so
 * does any name given with {@code @PythonName}.
 */
public enum NameMapping {

    /**
     * camelCase becomes snake_case ({@link #snakeCase}): {@code fromUnit} reaches Python as
     * {@code from_unit}. Read back, a name Python spells exactly as Java does still wins, and the
     * snake_case name is looked for after it; a client's keyword goes by its Java name when the
     * function's signature takes that spelling and not the snake_case one.
     */
    SNAKE_CASE,

    /** Names cross exactly as Java declares them, both ways (pybridge before name mapping). */
    EXACT;

    /** {@code javaName} as this mapping spells it in Python. */
    public String pythonName(String javaName) {
        return this == SNAKE_CASE ? snakeCase(javaName) : javaName;
    }

    /**
     * The snake_case spelling of a Java name: an underscore before each upper-case letter that
     * starts a word, then all in lower case. A word starts at an upper-case letter after a
     * lower-case letter or a digit ({@code fromUnit} → {@code from_unit}, {@code utf8Text} →
     * {@code utf8_text}), and at the last capital of a run followed by a lower-case letter, so an
     * acronym stays one word ({@code HTTPCode} → {@code http_code}, {@code parseHTTPResponse} →
     * {@code parse_http_response}, {@code HTTP2Server} → {@code http2_server}). A name without
     * upper-case letters ({@code from_unit}, {@code top10}, {@code _x}) is returned unchanged, and
     * an underscore already there is never doubled.
     */
    public static String snakeCase(String javaName) {
        if (javaName.chars().noneMatch(Character::isUpperCase)) {
            return javaName;
        }
        StringBuilder snake = new StringBuilder(javaName.length() + 4);
        for (int i = 0; i < javaName.length(); i++) {
            char c = javaName.charAt(i);
            if (Character.isUpperCase(c) && i > 0 && startsWord(javaName, i)) {
                snake.append('_');
            }
            snake.append(c);
        }
        return snake.toString().toLowerCase(Locale.ROOT);
    }

    /** Whether the upper-case letter at {@code i > 0} starts a word (see {@link #snakeCase}). */
    private static boolean startsWord(String name, int i) {
        char previous = name.charAt(i - 1);
        if (Character.isLowerCase(previous) || Character.isDigit(previous)) {
            return true;
        }
        // The last capital of an acronym before a lower-case letter: HTTPCode -> HTTP + Code.
        return Character.isUpperCase(previous) && i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1));
    }
}
