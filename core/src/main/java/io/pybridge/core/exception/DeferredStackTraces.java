package io.pybridge.core.exception;

/**
 * Where a {@link PythonBridgeException} takes its Java stack trace: pybridge's runtime sets this,
 * application code has no use for it.
 *
 * <p>By default an exception takes its stack trace when constructed, like any {@code Throwable}.
 * While an operation that runs only pybridge's own code (a template's call, eval or exec, a
 * {@code PythonObject} operation) is inside Python, the runtime defers it on that thread: an
 * exception constructed meanwhile leaves its stack trace empty and {@linkplain #isPending pending},
 * and the runtime calls {@link Throwable#fillInStackTrace()} on it where the operation hands back
 * to its caller. Two gains:
 * <ul>
 * <li>Walking the stack is most of what a Python exception costs on the Java side (~25 ns a
 * frame). Deferred, it runs after the GIL and the permit are given back, not while every other
 * caller waits for them, and it walks only the caller's frames, not the runtime's.</li>
 * <li>The trace is the caller's, with the operation's entry point on top, even when the call ran
 * on a worker thread (a virtual thread's call, or a thread whose stack is too small for Python).</li>
 * </ul>
 *
 * <p>Per thread, and it nests: {@link #defer(boolean)} returns the setting it replaces, for the
 * runtime to restore. A Java function called back from Python runs with deferral off, so every
 * exception application code can catch has its stack trace.
 */
public final class DeferredStackTraces {

    private static final ThreadLocal<DeferredStackTraces> CURRENT = ThreadLocal.withInitial(DeferredStackTraces::new);

    private boolean deferring;

    private DeferredStackTraces() {
    }

    /** The calling thread's setting, to switch with {@link #defer(boolean)}. */
    public static DeferredStackTraces ofCurrentThread() {
        return CURRENT.get();
    }

    /**
     * Turns deferral on or off for the thread this setting belongs to; returns the previous
     * setting, to restore. Call on that thread only.
     */
    public boolean defer(boolean deferring) {
        boolean previous = this.deferring;
        this.deferring = deferring;
        return previous;
    }

    /** Whether exceptions constructed on the calling thread now defer their stack trace. */
    static boolean deferringOnCurrentThread() {
        return CURRENT.get().deferring;
    }

    /**
     * Whether {@code thrown} still waits for its stack trace: {@link Throwable#fillInStackTrace()}
     * called on the caller's side of the operation takes it there.
     */
    public static boolean isPending(Throwable thrown) {
        return thrown instanceof PythonBridgeException bridge && bridge.stackTracePending;
    }
}
