package io.pybridge.core.exception;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An exception raised by Python code, carried into Java with the Python type, message and
 * traceback. Subclasses name the cases callers commonly treat apart (syntax, import, missing
 * function, bad arguments, {@code SystemExit}); everything else is a plain {@code PythonException}
 * whose {@link #getPythonType()} tells the Python type.
 */
public class PythonException extends PythonBridgeException {

    private static final long serialVersionUID = 1L;

    private final String pythonType;

    private final String pythonMessage;

    private final List<String> mroTypes;

    private final List<PythonFrame> pythonFrames;

    /**
     * {@link #getMessage()}, built on first use: most Python exceptions are caught and handled
     * without anyone reading it, and formatting the traceback on every raise would be wasted work
     * on that hot path. Transient: rebuilt from the fields after deserialization. Racy but safe,
     * like {@code String.hashCode}: every thread computes the same immutable string.
     */
    private transient @Nullable String fullMessage;

    /**
     * @param error the description of the Python exception, as read while the GIL was held
     */
    public PythonException(PythonError error) {
        // Not this(summary, error): one constructor frame fewer for fillInStackTrace to walk on
        // every raising call.
        super(error.summary(), error.javaCause());
        this.pythonType = error.type();
        this.pythonMessage = error.message();
        this.mroTypes = error.mroTypes();
        this.pythonFrames = error.frames();
    }

    /**
     * @param message the Java message (usually starts with what pybridge was doing)
     * @param error the description of the Python exception
     */
    public PythonException(String message, PythonError error) {
        // The head only; getMessage() adds the traceback when asked.
        super(message, error.javaCause());
        this.pythonType = error.type();
        this.pythonMessage = error.message();
        this.mroTypes = error.mroTypes();
        this.pythonFrames = error.frames();
    }

    /**
     * The message given to the constructor, a line separator, then the Python traceback in
     * Python's own layout ({@link PythonError#formatTraceback()}).
     */
    @Override
    public String getMessage() {
        String full = fullMessage;
        if (full == null) {
            full = super.getMessage() + System.lineSeparator()
                    + PythonError.formatTraceback(pythonType, pythonMessage, pythonFrames);
            fullMessage = full;
        }
        return full;
    }

    /** The qualified Python type name, e.g. {@code ValueError} or {@code mymodule.QuotaError}. */
    public String getPythonType() {
        return pythonType;
    }

    /** {@code str(exception)} in Python. */
    public String getPythonMessage() {
        return pythonMessage;
    }

    /** The Python frames, outermost first, as in a Python traceback. */
    public List<PythonFrame> getPythonFrames() {
        return pythonFrames;
    }

    /**
     * The classes of the Python type's MRO, the type itself first and {@code BaseException}
     * last: built-ins by their bare name, other classes by their qualified name, as
     * {@link #isInstanceOf(String)} matches them. Walking it finds the nearest of several
     * types the exception is an instance of.
     */
    public List<String> getPythonTypeHierarchy() {
        return mroTypes;
    }

    /**
     * Whether the Python exception is an instance of {@code name}: a built-in by its bare name
     * ({@code "ValueError"} also matches {@code UnicodeDecodeError}) or any other class by its
     * qualified name ({@code "statistics.StatisticsError"}, also matching its subclasses).
     */
    public boolean isInstanceOf(String name) {
        return pythonType.equals(name) || mroTypes.contains(name);
    }
}
