package io.pybridge.core.internal.capi;

/**
 * The part of the {@link CApi} that deals with threads: thread states and the GIL, the C stack
 * bounds of CPython 3.14.2+, and the interpreters (main and sub-interpreters). Declared apart only
 * to keep each declaration file short; code uses {@link CApi}, which extends it. As in
 * {@link CApi}, every method must be called by the thread that holds the GIL unless it says
 * otherwise.
 *
 * <p>Internal API: nothing outside {@code io.pybridge} should depend on it.
 */
public interface CApiThreads {

    // ---- thread states and the GIL ----

    /** Releases the GIL and returns (and detaches) the current thread state. */
    long PyEval_SaveThread();

    /** Acquires the GIL and makes {@code tstate} current. Blocks until the GIL is free. */
    void PyEval_RestoreThread(long tstate);

    /** Creates (first time) this OS thread's gilstate thread state and acquires the GIL. GIL not required. */
    int PyGILState_Ensure();

    /** The thread state bound to this OS thread by PyGILState, or 0. GIL not required. */
    long PyGILState_GetThisThreadState();

    /** The current thread state. */
    long PyThreadState_Get();

    /** Creates a thread state for {@code interp} (not attached). */
    long PyThreadState_New(long interp);

    /** Clears a thread state that is not current; its thread must be gone. */
    void PyThreadState_Clear(long tstate);

    /** Frees a cleared thread state that is not current. */
    void PyThreadState_Delete(long tstate);

    /**
     * Whether {@link #setStackProtection} exists: CPython 3.14.2+ measures recursion through C
     * against a thread state's stack bounds, which it can be told. GIL not required.
     */
    boolean hasStackProtection();

    /**
     * {@code PyUnstable_ThreadState_SetStackProtection}: CPython may use the {@code size} bytes of
     * stack from address {@code base} up, on the thread of {@code tstate} (raising
     * {@code RecursionError} 32 KiB above {@code base}). Call only if {@link #hasStackProtection()},
     * on the state's own thread, before or right after its first attach.
     *
     * <p>pybridge calls it on both kinds of path: with {@code tstate} attached (right after
     * {@code PyGILState_Ensure}, for the boot thread's state, for a new sub-interpreter's first
     * state) and with it not attached (right after {@code PyThreadState_New}, where the calling
     * thread may have no thread state at all). Its one failure, a {@code size} below CPython's
     * {@code _PyOS_MIN_STACK_SIZE} (48 KiB on 64-bit builds), is reported with
     * {@code PyErr_Format}, which needs an attached thread state: a caller must never pass a
     * smaller size, and on an attached path must clear the error it leaves.
     *
     * @return 0, or -1 with a Python exception set (a size below CPython's minimum)
     */
    int setStackProtection(long tstate, long base, long size);

    /**
     * Whether {@link #reachedRecursionLimitWithMargin} is bound: where libpython has it and takes
     * explicit stack bounds (CPython 3.14.2+). GIL not required.
     */
    boolean hasRecursionMarginCheck();

    /**
     * {@code _Py_ReachedRecursionLimitWithMargin} (exported by CPython 3.14+): 1 if the calling
     * thread's stack pointer is at most {@code marginCount} times 16 KiB above CPython's soft
     * limit for {@code tstate} (and not more than 32 KiB below it), else 0. Sets no exception and
     * never stops the process. Call only if {@link #hasRecursionMarginCheck()}, on the state's
     * own thread, holding the GIL with it.
     */
    int reachedRecursionLimitWithMargin(long tstate, int marginCount);

    /** The main interpreter. */
    long PyInterpreterState_Main();

    /** The interpreter a thread state belongs to. */
    long PyThreadState_GetInterpreter(long tstate);

    // ---- sub-interpreters (3.12+) ----

    /** Whether {@link #newIsolatedInterpreter()} exists (CPython 3.12+). GIL not required. */
    boolean hasSubInterpreterApi();

    /**
     * 3.12+: {@code Py_NewInterpreterFromConfig} with an isolated configuration (own GIL, own
     * allocator, single-phase-init extension modules refused, threads allowed, no fork, exec or
     * daemon threads). Called holding the GIL of the current interpreter, which it releases; on
     * return the new interpreter's first thread state is current and holds the new GIL.
     *
     * @return that thread state
     * @throws IllegalStateException with CPython's message if the interpreter could not be made
     *     (the caller's thread state is then current again)
     */
    long newIsolatedInterpreter();

    /**
     * Ends a sub-interpreter: {@code tstate} must be its current thread state, holding its GIL, and
     * the interpreter's only thread state left. On return no thread state is current.
     */
    void Py_EndInterpreter(long tstate);

    /** The calling OS thread's identifier ({@code threading.get_ident()}). GIL not required. */
    long PyThread_get_thread_ident();

    /** Schedules {@code exc} (a type, borrowed) to be raised in the thread whose ident is {@code id}; returns how many matched. */
    int PyThreadState_SetAsyncExc(long id, long exc);
}
