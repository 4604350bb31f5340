package io.pybridge.core.exception;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What pybridge read of a Python exception while it held the GIL: plain Java data, so the
 * resulting Java exception can be thrown, logged and serialized with no Python object alive.
 *
 * @param type the qualified type name ({@code module.QualName}, or the bare name for built-ins)
 * @param message {@code str(exception)}
 * @param mroTypes the classes of the type's MRO: built-ins by bare name, others qualified (for matching)
 * @param frames traceback frames, outermost first
 * @param exitCode for {@code SystemExit}: the exit code if it is an int, else null
 * @param cause the explicit {@code __cause__} or implicit {@code __context__}, or null
 * @param javaException for a {@code _pybridge.JavaException}: the Java exception (the very object)
 *     that a Java callback threw and Python raised as this exception, else null
 */
public record PythonError(String type, String message, List<String> mroTypes, List<PythonFrame> frames,
        @Nullable Integer exitCode, @Nullable PythonError cause, @Nullable Throwable javaException) {

    /** The type pybridge raises asynchronously to stop a call. */
    static final String INTERRUPTED = "_pybridge.Interrupted";

    public PythonError {
        mroTypes = List.copyOf(mroTypes);
        frames = List.copyOf(frames);
    }

    /** A Python exception that does not stand for a Java one. */
    public PythonError(String type, String message, List<String> mroTypes, List<PythonFrame> frames,
            @Nullable Integer exitCode, @Nullable PythonError cause) {
        this(type, message, mroTypes, frames, exitCode, cause, null);
    }

    /**
     * The Java cause of the exception made from this: the Java exception this one stands for,
     * else the exception made from the Python cause.
     */
    @Nullable Throwable javaCause() {
        if (javaException != null) {
            return javaException;
        }
        return cause == null ? null : cause.toException();
    }

    /**
     * An error pybridge reports on Python's behalf, with no Python exception object behind it:
     * {@code BaseException} itself or a built-in deriving directly from {@code Exception}
     * ({@code TypeError}, {@code SystemError}...), with no traceback.
     */
    public static PythonError reported(String type, String message) {
        List<String> mro = type.equals("BaseException") ? List.of("BaseException")
                : List.of(type, "Exception", "BaseException");
        return new PythonError(type, message, mro, List.of(), null, null);
    }

    /** {@code Type: message}, as Python prints the last line of a traceback. */
    public String summary() {
        return summary(type, message);
    }

    private static String summary(String type, String message) {
        return message.isEmpty() ? type : type + ": " + message;
    }

    /** The traceback in Python's own layout, each frame followed by its source line where it is known. */
    public String formatTraceback() {
        return formatTraceback(type, message, frames);
    }

    /**
     * {@link #formatTraceback()} from the parts a {@link PythonException} keeps, which formats its
     * message only when asked.
     */
    static String formatTraceback(String type, String message, List<PythonFrame> frames) {
        StringBuilder text = new StringBuilder();
        if (!frames.isEmpty()) {
            text.append("Traceback (most recent call last):").append(System.lineSeparator());
            for (PythonFrame frame : frames) {
                text.append("  ").append(frame).append(System.lineSeparator());
                if (!frame.source().isEmpty()) {
                    text.append("    ").append(frame.source()).append(System.lineSeparator());
                }
            }
        }
        return text.append(summary(type, message)).toString();
    }

    /** Whether this is an instance of {@code name} (a built-in's bare name, or a qualified class name). */
    public boolean is(String name) {
        return type.equals(name) || mroTypes.contains(name);
    }

    /** The matching Java exception, as thrown when no more specific context applies. */
    public PythonException toException() {
        if (type.equals(INTERRUPTED)) {
            return new PythonInterruptedException(this);
        }
        if (is("SystemExit")) {
            return new PythonSystemExitException(this);
        }
        if (is("RecursionError")) {
            return new PythonRecursionException(this);
        }
        if (is("SyntaxError")) {
            return new PythonSyntaxException(this);
        }
        if (is("ImportError")) {
            String refused = isolationRefusal();
            return refused == null ? new PythonImportException(this) : new PythonIsolationException(refused, this);
        }
        return new PythonException(this);
    }

    /**
     * The extension module a sub-interpreter refused to load, if this ImportError (or one it was
     * raised from) is that refusal: CPython's "module X does not support loading in
     * subinterpreters" for single-phase-init modules, or a module's own "cannot load module more
     * than once per process" (numpy's); else null.
     */
    public @Nullable String isolationRefusal() {
        for (PythonError error = this; error != null; error = error.cause) {
            String text = error.message;
            int marker = text.indexOf(" does not support loading in subinterpreters");
            if (marker >= 0) {
                int start = text.lastIndexOf("module ", marker);
                return start >= 0 ? text.substring(start + "module ".length(), marker).trim() : text.substring(0, marker);
            }
            if (text.contains("cannot load module more than once per process")) {
                return error.frames.isEmpty() ? "an extension module" : error.frames.get(error.frames.size() - 1).file();
            }
        }
        return null;
    }
}
