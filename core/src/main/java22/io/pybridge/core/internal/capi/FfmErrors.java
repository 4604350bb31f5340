package io.pybridge.core.internal.capi;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;

/**
 * The pending Python exception over {@code java.lang.foreign}: testing, taking, clearing and
 * setting it (CPython's {@code pyerrors.h}). Taking it is one call on 3.12+
 * ({@code PyErr_GetRaisedException}); before, the fetch, normalize and traceback calls of the
 * older API, with their out-parameters on the thread's {@link FfmScratch}.
 *
 * <p>The fourth layer of {@link FfmCApi}.
 */
abstract class FfmErrors extends FfmObjects {

    private static final MethodHandle PyErr_Occurred = FfmLibrary.function("PyErr_Occurred", FunctionDescriptor.of(JAVA_LONG), FfmLibrary.CRITICAL);
    private static final MethodHandle PyErr_Clear = FfmLibrary.function("PyErr_Clear", FunctionDescriptor.ofVoid());
    private static final MethodHandle PyErr_SetString = FfmLibrary.function("PyErr_SetString", FunctionDescriptor.ofVoid(JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyErr_SetObject = FfmLibrary.function("PyErr_SetObject", FunctionDescriptor.ofVoid(JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyErr_Fetch = FfmLibrary.function("PyErr_Fetch", FunctionDescriptor.ofVoid(JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyErr_NormalizeException = FfmLibrary.function("PyErr_NormalizeException", FunctionDescriptor.ofVoid(JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyException_SetTraceback = FfmLibrary.function("PyException_SetTraceback", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG));
    /** 3.12+ only; {@code null} before. */
    private static final MethodHandle PyErr_GetRaisedException = FfmLibrary.optionalFunction("PyErr_GetRaisedException", FunctionDescriptor.of(JAVA_LONG));

    @Override
    public long PyErr_Occurred() {
        try {
            return (long) PyErr_Occurred.invokeExact();
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long takeRaisedException() {
        try {
            if (PyErr_GetRaisedException != null) {
                return (long) PyErr_GetRaisedException.invokeExact();
            }
            FfmScratch scratch = FfmScratch.current();
            long mark = scratch.mark();
            try {
                long cells = scratch.zeroed(3L * Long.BYTES);
                long typeCell = cells;
                long valueCell = cells + Long.BYTES;
                long tracebackCell = cells + 2L * Long.BYTES;
                PyErr_Fetch.invokeExact(typeCell, valueCell, tracebackCell);
                if (readWord(typeCell, 0) == 0) {
                    return 0;
                }
                // May run the exception's __init__ (Python code, which may re-enter): the cells
                // are this frame's, pushed on the thread's scratch stack.
                PyErr_NormalizeException.invokeExact(typeCell, valueCell, tracebackCell);
                long type = readWord(typeCell, 0);
                long value = readWord(valueCell, 0);
                long traceback = readWord(tracebackCell, 0);
                if (traceback != 0) {
                    int ignored = (int) PyException_SetTraceback.invokeExact(value, traceback);
                }
                Py_DecRef(type);
                Py_DecRef(traceback);
                return value; // the reference Fetch handed over
            }
            finally {
                scratch.reset(mark);
            }
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public void PyErr_Clear() {
        try {
            PyErr_Clear.invokeExact();
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public void PyErr_SetString(long type, byte[] message) {
        FfmScratch scratch = FfmScratch.current();
        long mark = scratch.mark();
        try {
            PyErr_SetString.invokeExact(type, scratch.cString(message));
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
        finally {
            scratch.reset(mark);
        }
    }

    @Override
    public void PyErr_SetObject(long type, long value) {
        try {
            PyErr_SetObject.invokeExact(type, value);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }
}
