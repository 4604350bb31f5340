package io.pybridge.core.internal.error;

import io.pybridge.core.exception.PythonError;
import io.pybridge.core.exception.PythonFrame;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongFunction;
import org.jspecify.annotations.Nullable;

/**
 * Reads the text {@code _pybridge.describe} writes for an exception chain: one record per
 * exception, outermost first, separated by U+001E; in a record, fields separated by U+001F:
 * the type name, its MRO's classes (comma-separated), {@code str(exception)}, the SystemExit
 * code, the token of the Java exception it stands for, then (file, line, function) per frame.
 * Pure text: no interpreter needed.
 */
final class ErrorDescriptions {

    static final String FIELD = "\u001f";

    static final String RECORD = "\u001e";

    /** Fields before the flattened (file, line, function) frame triples. */
    private static final int HEADER_FIELDS = 5;

    private ErrorDescriptions() {
    }

    /**
     * Parses a whole chain; returns the outermost exception, each one's cause set.
     *
     * @param javaExceptions the Java exception registered under a token, or null if none is
     */
    static PythonError parse(String chain, LongFunction<@Nullable Throwable> javaExceptions) {
        String[] records = chain.split(RECORD, -1);
        PythonError error = parseRecord(records[records.length - 1], null, javaExceptions);
        for (int i = records.length - 2; i >= 0; i--) {
            error = parseRecord(records[i], error, javaExceptions);
        }
        return error;
    }

    private static PythonError parseRecord(String record, @Nullable PythonError cause,
            LongFunction<@Nullable Throwable> javaExceptions) {
        String[] fields = record.split(FIELD, -1);
        List<PythonFrame> frames = new ArrayList<>();
        for (int i = HEADER_FIELDS; i + 2 < fields.length; i += 3) {
            frames.add(new PythonFrame(fields[i], Integer.parseInt(fields[i + 1]), fields[i + 2]));
        }
        // Fields: type name, the classes of its MRO, str(exception), SystemExit code, Java token, frames...
        List<String> mro = fields[1].isEmpty() ? List.of() : Arrays.asList(fields[1].split(","));
        @Nullable Integer exitCode = fields[3].isEmpty() ? null : parseExitCode(fields[3]);
        @Nullable Throwable java = fields[4].isEmpty() ? null : javaExceptions.apply(Long.parseLong(fields[4]));
        return new PythonError(fields[0], fields[2], mro, frames, exitCode, cause, java);
    }

    private static @Nullable Integer parseExitCode(String code) {
        try {
            return Integer.valueOf(code);
        }
        catch (NumberFormatException tooLarge) {
            return null;
        }
    }
}
