package io.pybridge.core.internal.capi;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;

/**
 * Thread states and the GIL over {@code java.lang.foreign} (CPython's {@code ceval.h} and the
 * thread half of {@code pystate.h}). {@code PyEval_RestoreThread} and {@code PyEval_SaveThread}
 * frame every call pybridge makes: they block for the GIL and may run pending calls, so they are
 * never {@link FfmLibrary#CRITICAL}; the handles that only read the current thread's state are.
 *
 * <p>The second layer of {@link FfmCApi}.
 */
abstract class FfmThreads extends FfmInterpreters {

    private static final MethodHandle PyEval_SaveThread = FfmLibrary.function("PyEval_SaveThread", FunctionDescriptor.of(JAVA_LONG));
    private static final MethodHandle PyEval_RestoreThread = FfmLibrary.function("PyEval_RestoreThread", FunctionDescriptor.ofVoid(JAVA_LONG));
    private static final MethodHandle PyGILState_Ensure = FfmLibrary.function("PyGILState_Ensure", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle PyGILState_GetThisThreadState = FfmLibrary.function("PyGILState_GetThisThreadState", FunctionDescriptor.of(JAVA_LONG), FfmLibrary.CRITICAL);
    private static final MethodHandle PyGILState_Check = FfmLibrary.function("PyGILState_Check", FunctionDescriptor.of(JAVA_INT), FfmLibrary.CRITICAL);
    private static final MethodHandle PyThreadState_Get = FfmLibrary.function("PyThreadState_Get", FunctionDescriptor.of(JAVA_LONG), FfmLibrary.CRITICAL);
    private static final MethodHandle PyThreadState_New = FfmLibrary.function("PyThreadState_New", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyThreadState_Clear = FfmLibrary.function("PyThreadState_Clear", FunctionDescriptor.ofVoid(JAVA_LONG));
    private static final MethodHandle PyThreadState_Delete = FfmLibrary.function("PyThreadState_Delete", FunctionDescriptor.ofVoid(JAVA_LONG));
    private static final MethodHandle PyThread_get_thread_ident = FfmLibrary.function("PyThread_get_thread_ident", FunctionDescriptor.of(JAVA_LONG), FfmLibrary.CRITICAL);
    /** 3.14.2+ only: null before. */
    private static final MethodHandle PyUnstable_ThreadState_SetStackProtection = FfmLibrary.optionalFunction(
            "PyUnstable_ThreadState_SetStackProtection", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG));
    /** Exported since 3.14.0; used only with the stack bounds above. Reads the stack pointer and the state: never blocks. */
    private static final MethodHandle _Py_ReachedRecursionLimitWithMargin = FfmLibrary.optionalFunction(
            "_Py_ReachedRecursionLimitWithMargin", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT));
    private static final MethodHandle PyThreadState_SetAsyncExc = FfmLibrary.function("PyThreadState_SetAsyncExc", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG));

    @Override
    public boolean hasStackProtection() {
        return PyUnstable_ThreadState_SetStackProtection != null;
    }

    @Override
    public int setStackProtection(long tstate, long base, long size) {
        try {
            return (int) PyUnstable_ThreadState_SetStackProtection.invokeExact(tstate, base, size);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public boolean hasRecursionMarginCheck() {
        return _Py_ReachedRecursionLimitWithMargin != null && PyUnstable_ThreadState_SetStackProtection != null;
    }

    @Override
    public int reachedRecursionLimitWithMargin(long tstate, int marginCount) {
        try {
            return (int) _Py_ReachedRecursionLimitWithMargin.invokeExact(tstate, marginCount);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyEval_SaveThread() {
        try {
            return (long) PyEval_SaveThread.invokeExact();
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public void PyEval_RestoreThread(long tstate) {
        try {
            PyEval_RestoreThread.invokeExact(tstate);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public int PyGILState_Ensure() {
        try {
            return (int) PyGILState_Ensure.invokeExact();
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyGILState_GetThisThreadState() {
        try {
            return (long) PyGILState_GetThisThreadState.invokeExact();
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public int PyGILState_Check() {
        try {
            return (int) PyGILState_Check.invokeExact();
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyThreadState_Get() {
        try {
            return (long) PyThreadState_Get.invokeExact();
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyThreadState_New(long interp) {
        try {
            return (long) PyThreadState_New.invokeExact(interp);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public void PyThreadState_Clear(long tstate) {
        try {
            PyThreadState_Clear.invokeExact(tstate);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public void PyThreadState_Delete(long tstate) {
        try {
            PyThreadState_Delete.invokeExact(tstate);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyThread_get_thread_ident() {
        try {
            return (long) PyThread_get_thread_ident.invokeExact();
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public int PyThreadState_SetAsyncExc(long id, long exc) {
        try {
            return (int) PyThreadState_SetAsyncExc.invokeExact(id, exc);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }
}
