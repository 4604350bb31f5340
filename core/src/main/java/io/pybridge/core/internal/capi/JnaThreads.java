package io.pybridge.core.internal.capi;

/**
 * Thread states and the GIL over JNA (CPython's {@code ceval.h} and the thread half of
 * {@code pystate.h}). {@code PyEval_RestoreThread} and {@code PyEval_SaveThread} frame every call
 * pybridge makes; the rules for which thread may call what are {@link CApi}'s.
 *
 * <p>The second layer of {@link JnaCApi}.
 */
abstract class JnaThreads extends JnaInterpreters {

    @Override
    public native long PyEval_SaveThread();

    @Override
    public native void PyEval_RestoreThread(long tstate);

    @Override
    public native int PyGILState_Ensure();

    @Override
    public native long PyGILState_GetThisThreadState();

    @Override
    public native int PyGILState_Check();

    @Override
    public native long PyThreadState_Get();

    @Override
    public native long PyThreadState_New(long interp);

    @Override
    public boolean hasStackProtection() {
        return JnaCApi314.isBound();
    }

    @Override
    public int setStackProtection(long tstate, long base, long size) {
        return JnaCApi314.PyUnstable_ThreadState_SetStackProtection(tstate, base, size);
    }

    @Override
    public boolean hasRecursionMarginCheck() {
        return JnaCApi314.isBound();
    }

    @Override
    public int reachedRecursionLimitWithMargin(long tstate, int marginCount) {
        return JnaCApi314._Py_ReachedRecursionLimitWithMargin(tstate, marginCount);
    }

    @Override
    public native void PyThreadState_Clear(long tstate);

    @Override
    public native void PyThreadState_Delete(long tstate);

    @Override
    public native long PyThread_get_thread_ident();

    @Override
    public native int PyThreadState_SetAsyncExc(long id, long exc);
}
