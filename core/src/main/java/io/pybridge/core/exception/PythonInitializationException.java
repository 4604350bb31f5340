package io.pybridge.core.exception;

import org.jspecify.annotations.Nullable;

/**
 * The Python runtime could not start. {@link #getReason()} tells why in a form tools can act on
 * (Spring Boot's failure analyzer turns it into a description and an action), and
 * {@link #getAction()} says what to do about it.
 */
public class PythonInitializationException extends PythonBridgeException {

    private static final long serialVersionUID = 1L;

    /** Why start-up failed. */
    public enum Reason {
        /** No Python executable or libpython was found where pybridge looked. */
        NOT_FOUND,
        /** A Python was found but it was built without a shared libpython. */
        NO_SHARED_LIBRARY,
        /** The Python version (or build) is not supported. */
        UNSUPPORTED_VERSION,
        /** The Python home (stdlib location) is missing or broken. */
        INVALID_HOME,
        /** A runtime is already live in this JVM, or CPython was already finalized in it. */
        ALREADY_RUNNING,
        /** libpython loaded but the interpreter failed to boot. */
        BOOT_FAILED,
        /** The packages installed at build time were made for another Python (ABI or platform). */
        INCOMPATIBLE_PACKAGES,
        /** The native binding asked for cannot run in this JVM (FFM before JDK 22, say). */
        BINDING_UNAVAILABLE,
        /** The JVM denies native access to pybridge ({@code --illegal-native-access=deny} without {@code --enable-native-access}). */
        NATIVE_ACCESS_DENIED,
        /** The worker processes could not start (no Python executable, or a worker failed before reporting ready). */
        WORKERS_FAILED
    }

    private final Reason reason;

    private final String action;

    private final @Nullable String pythonChoice;

    public PythonInitializationException(Reason reason, String message, String action) {
        this(reason, message, action, null);
    }

    public PythonInitializationException(Reason reason, String message, String action, @Nullable Throwable cause) {
        this(reason, message, action, cause, null);
    }

    private PythonInitializationException(Reason reason, String message, String action, @Nullable Throwable cause,
            @Nullable String pythonChoice) {
        super(message, cause);
        this.reason = reason;
        this.action = action;
        this.pythonChoice = pythonChoice;
    }

    /**
     * This failure, saying which setting chose the Python it happened with; {@code this} if it
     * already says so.
     *
     * @param choice the setting, as the start-up log names it ("the environment variable
     *     PYBRIDGE_PYTHON (/usr/bin/python3.12)", "python3 on the PATH ...")
     */
    public PythonInitializationException chosenBy(String choice) {
        if (pythonChoice != null) {
            return this;
        }
        // The same failure (cause, stack trace) with the choice in its message: not a wrapper, so
        // the stack trace a log shows is not printed twice.
        PythonInitializationException named = new PythonInitializationException(reason,
                super.getMessage() + " (the Python chosen by " + choice + ")", action, getCause(), choice);
        named.setStackTrace(getStackTrace());
        return named;
    }

    public Reason getReason() {
        return reason;
    }

    /**
     * Which setting chose the Python that failed (the property, the environment variable, the
     * bundled CPython, {@code python3} on the PATH), as the start-up log names it; null when the
     * failure came before a Python was chosen.
     */
    public @Nullable String getPythonChoice() {
        return pythonChoice;
    }

    /** What to do about it, in one or two sentences. */
    public String getAction() {
        return action;
    }
}
