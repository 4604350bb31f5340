package io.pybridge.core.internal.error;

import io.pybridge.core.exception.PythonError;
import io.pybridge.core.exception.PythonFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.LongFunction;
import org.jspecify.annotations.Nullable;

/**
 * Reads the text {@code _pybridge.describe} writes for an exception chain: one record per
 * exception, outermost first, separated by U+001E; in a record, fields separated by U+001F:
 * the type name, its MRO's classes (comma-separated), {@code str(exception)}, the SystemExit
 * code, the token of the Java exception it stands for, then (file, line, function, source line)
 * per frame.
 * Pure text: no interpreter needed.
 *
 * <p>Every Python exception that reaches Java is read here, so the reading is a single forward
 * pass over the text, with no intermediate arrays or field strings, and the type and MRO, which
 * repeat from one exception to the next, are read once per distinct text. It reads what
 * {@code String.split(separator, -1)} would: empty fields count, a trailing incomplete frame is
 * ignored.
 */
final class ErrorDescriptions {

    static final String FIELD = "\u001f";

    static final String RECORD = "\u001e";

    static final char FIELD_CHAR = '\u001f';

    static final char RECORD_CHAR = '\u001e';

    /**
     * Type headers (the record's "type US mro" text, read), by a hash of the type name: errors
     * repeat, their types even more. Direct-mapped, so bounded by construction (a slot holds the
     * last header that hashed there), and looked up by comparing the text in place, with no
     * substring to allocate and hash.
     */
    private static final AtomicReferenceArray<TypeHeader> TYPES = new AtomicReferenceArray<>(256);

    /** @param text the "type US mro" text it was read from */
    private record TypeHeader(String text, String type, List<String> mro) {
    }

    private ErrorDescriptions() {
    }

    /**
     * Parses a whole chain; returns the outermost exception, each one's cause set.
     *
     * @param javaExceptions the Java exception registered under a token, or null if none is
     * @throws IllegalArgumentException if a record has fewer than the five header fields
     */
    static PythonError parse(String chain, LongFunction<@Nullable Throwable> javaExceptions) {
        return parseRecord(chain, 0, javaExceptions);
    }

    /**
     * The record starting at {@code start}, with its causes: the records after it, read first
     * (a PythonError is built with its cause). Recursive, but {@code describe} writes at most 8.
     */
    private static PythonError parseRecord(String text, int start, LongFunction<@Nullable Throwable> javaExceptions) {
        // Fields: type name, the classes of its MRO, str(exception), SystemExit code, Java token, frames...
        int typeEnd = nextSeparator(text, start);
        int mroEnd = nextField(text, typeEnd);
        int messageEnd = nextField(text, mroEnd);
        int codeEnd = nextField(text, messageEnd);
        int tokenEnd = nextField(text, codeEnd);
        List<PythonFrame> frames = List.of();
        int end = tokenEnd;  // ends up at the separator after the record, or the text's end
        while (isField(text, end)) {
            int fileStart = end + 1;
            int fileEnd = nextSeparator(text, fileStart);
            int lineEnd = isField(text, fileEnd) ? nextSeparator(text, fileEnd + 1) : fileEnd;
            int functionEnd = isField(text, lineEnd) ? nextSeparator(text, lineEnd + 1) : lineEnd;
            if (!isField(text, functionEnd)) {
                // An incomplete (file, line, function, source) group, as split() would leave it: ignored.
                end = functionEnd;
                break;
            }
            end = nextSeparator(text, functionEnd + 1);
            if (frames.isEmpty()) {
                frames = new ArrayList<>(4);
            }
            frames.add(new PythonFrame(text.substring(fileStart, fileEnd), Integer.parseInt(text, fileEnd + 1, lineEnd, 10),
                    text.substring(lineEnd + 1, functionEnd), text.substring(functionEnd + 1, end)));
        }
        @Nullable PythonError cause = end < text.length() ? parseRecord(text, end + 1, javaExceptions) : null;
        TypeHeader header = typeHeader(text, start, typeEnd, mroEnd);
        String message = text.substring(mroEnd + 1, messageEnd);
        @Nullable Integer exitCode = codeEnd == messageEnd + 1 ? null : parseExitCode(text, messageEnd + 1, codeEnd);
        @Nullable Throwable java = tokenEnd == codeEnd + 1 ? null
                : javaExceptions.apply(Long.parseLong(text, codeEnd + 1, tokenEnd, 10));
        return new PythonError(header.type(), message, header.mro(), frames, exitCode, cause, java);
    }

    /**
     * Index of the next separator of either kind at or after {@code from}, or the text's length. A
     * plain loop: it scans the text once, where {@code indexOf} for each kind would scan it twice.
     */
    private static int nextSeparator(String text, int from) {
        int length = text.length();
        for (int i = from; i < length; i++) {
            // U+001E and U+001F, and only they, are U+001F once their lowest bit is set.
            if ((text.charAt(i) | 1) == FIELD_CHAR) {
                return i;
            }
        }
        return length;
    }

    private static boolean isField(String text, int index) {
        return index < text.length() && text.charAt(index) == FIELD_CHAR;
    }

    /** The end of the header field after the field separator at {@code separator}, which must be one. */
    private static int nextField(String text, int separator) {
        if (!isField(text, separator)) {
            throw new IllegalArgumentException("Not an exception description: " + text);
        }
        return nextSeparator(text, separator + 1);
    }

    private static TypeHeader typeHeader(String text, int start, int typeEnd, int mroEnd) {
        int hash = 0;
        for (int i = start; i < typeEnd; i++) {
            hash = 31 * hash + text.charAt(i);
        }
        int slot = (hash ^ (hash >>> 16)) & (TYPES.length() - 1);
        int length = mroEnd - start;
        TypeHeader header = TYPES.get(slot);
        if (header == null || header.text().length() != length || !text.regionMatches(start, header.text(), 0, length)) {
            String key = text.substring(start, mroEnd);
            header = new TypeHeader(key, key.substring(0, typeEnd - start), splitMro(key.substring(typeEnd - start + 1)));
            TYPES.set(slot, header);
        }
        return header;
    }

    /** Like {@code Arrays.asList(names.split(","))}: trailing empty names dropped, none for an empty text; immutable. */
    static List<String> splitMro(String names) {
        if (names.isEmpty()) {
            return List.of();
        }
        List<String> mro = new ArrayList<>();
        int from = 0;
        for (int comma = names.indexOf(','); comma >= 0; comma = names.indexOf(',', from)) {
            mro.add(names.substring(from, comma));
            from = comma + 1;
        }
        mro.add(names.substring(from));
        int size = mro.size();
        while (size > 0 && mro.get(size - 1).isEmpty()) {
            size--;
        }
        // Immutable, so PythonError's List.copyOf keeps this very list: cached, it is shared.
        return List.copyOf(mro.subList(0, size));
    }

    private static @Nullable Integer parseExitCode(String text, int start, int end) {
        try {
            return Integer.parseInt(text, start, end, 10);
        }
        catch (NumberFormatException tooLarge) {
            return null;
        }
    }
}
