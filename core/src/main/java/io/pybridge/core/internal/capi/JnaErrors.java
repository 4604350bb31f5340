package io.pybridge.core.internal.capi;

/**
 * The pending Python exception over JNA: testing, taking, clearing and setting it (CPython's
 * {@code pyerrors.h}). Taking it is one call on 3.12+ ({@code PyErr_GetRaisedException}, bound
 * apart in {@link JnaCApi312}); before, the fetch, normalize and traceback calls of the older
 * API, with their out-parameters in the thread's {@link OutCells}.
 *
 * <p>The fourth layer of {@link JnaCApi}.
 */
abstract class JnaErrors extends JnaObjects {

    @Override
    public native long PyErr_Occurred();

    @Override
    public long takeRaisedException() {
        if (JnaCApi312.isBound()) {
            return JnaCApi312.PyErr_GetRaisedException();
        }
        OutCells cells = OutCells.current();
        long typeCell = cells.address(OutCells.ERROR_TYPE);
        long valueCell = cells.address(OutCells.ERROR_VALUE);
        long tracebackCell = cells.address(OutCells.ERROR_TRACEBACK);
        PyErr_Fetch(typeCell, valueCell, tracebackCell);
        if (cells.get(OutCells.ERROR_TYPE) == 0) {
            return 0;
        }
        // Normalizing may run Python code (the exception's __init__) and re-enter this thread's
        // cells; it reads and rewrites them, so they are read only once it returned.
        PyErr_NormalizeException(typeCell, valueCell, tracebackCell);
        long type = cells.get(OutCells.ERROR_TYPE);
        long value = cells.get(OutCells.ERROR_VALUE);
        long traceback = cells.get(OutCells.ERROR_TRACEBACK);
        if (traceback != 0) {
            PyException_SetTraceback(value, traceback);
        }
        Py_DecRef(type);
        Py_DecRef(traceback);
        return value; // the reference Fetch handed over
    }

    private native void PyErr_Fetch(long type, long value, long traceback);

    private native void PyErr_NormalizeException(long type, long value, long traceback);

    private native int PyException_SetTraceback(long exc, long traceback);

    @Override
    public native void PyErr_Clear();

    @Override
    public native void PyErr_SetString(long type, byte[] message);

    @Override
    public native void PyErr_SetObject(long type, long value);
}
