package io.pybridge.core.internal.capi;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * A few words of native memory per thread for C out-parameters ({@code PyObject **},
 * {@code Py_ssize_t *}), passed as addresses. A Java {@code long[]} argument makes JNA copy the
 * array in and out on every call; a cell costs one read.
 *
 * <p>Each cell index belongs to one kind of call and is read right after it returns; code that
 * re-enters on the same thread in between (Python calling back into Java) may reuse a cell only
 * after the outer call has read it.
 */
public final class OutCells {

    /** Cells 0..2: the (type, value, traceback) triple of {@code PyErr_Fetch}/{@code Normalize}. */
    public static final int ERROR_TYPE = 0;
    public static final int ERROR_VALUE = 1;
    public static final int ERROR_TRACEBACK = 2;

    /** Cell 3: the size written by {@code PyUnicode_AsUTF8AndSize}. */
    static final int SIZE = 3;

    private static final int CELLS = 4;

    private static final ThreadLocal<OutCells> CURRENT = ThreadLocal.withInitial(OutCells::new);

    private final Memory memory = new Memory((long) CELLS * Long.BYTES);

    private final long address = Pointer.nativeValue(memory);

    private OutCells() {
        memory.clear();
    }

    /** This thread's cells. */
    public static OutCells current() {
        return CURRENT.get();
    }

    /** The address of cell {@code index}, to pass as an out-parameter. */
    public long address(int index) {
        return address + (long) index * Long.BYTES;
    }

    /** The value a C call wrote into cell {@code index}. */
    public long get(int index) {
        return memory.getLong((long) index * Long.BYTES);
    }

    /** Sets cell {@code index} (an in-out parameter such as Normalize's triple). */
    public void set(int index, long value) {
        memory.setLong((long) index * Long.BYTES, value);
    }
}
