package io.pybridge.core.internal.capi;

import com.sun.jna.Pointer;
import org.jspecify.annotations.Nullable;

/**
 * The C side of converting single values over JNA: ints, floats and bools, str and bytes
 * (CPython's {@code longobject.h}, {@code floatobject.h}, {@code boolobject.h},
 * {@code unicodeobject.h}, {@code bytesobject.h} and {@code bytearrayobject.h}). JNA copies a
 * {@code byte[]} argument to native memory for the call.
 *
 * <p>The sixth layer of {@link JnaCApi}.
 */
abstract class JnaConversions extends JnaCode {

    @Override
    public native long PyLong_FromLongLong(long value);

    @Override
    public native long PyLong_AsLongLong(long obj);

    @Override
    public native long PyLong_FromString(byte[] digits, long end, int base);

    @Override
    public native long PyNumber_ToBase(long obj, int base);

    @Override
    public native long PyFloat_FromDouble(double value);

    @Override
    public native double PyFloat_AsDouble(long obj);

    @Override
    public native long PyBool_FromLong(long value);

    @Override
    public native long PyUnicode_InternFromString(byte[] utf8);

    @Override
    public native long PyUnicode_FromStringAndSize(byte[] utf8, long size);

    @Override
    public native long PyUnicode_DecodeUTF16(byte[] data, long size, byte[] errors, int[] byteOrder);

    @Override
    public byte[] utf8Of(long str) {
        OutCells cells = OutCells.current();
        long utf8 = PyUnicode_AsUTF8AndSize(str, cells.address(OutCells.SIZE));
        if (utf8 == 0) {
            return null;
        }
        int size = Math.toIntExact(cells.get(OutCells.SIZE));
        return size == 0 ? new byte[0] : new Pointer(utf8).getByteArray(0, size);
    }

    private native long PyUnicode_AsUTF8AndSize(long str, long size);

    @Override
    public native long PyUnicode_AsEncodedString(long str, byte[] encoding, byte[] errors);

    @Override
    public native long PyBytes_FromStringAndSize(byte @Nullable [] data, long size); // JNA passes null as NULL

    @Override
    public native long PyBytes_AsString(long bytes);

    @Override
    public native long PyBytes_Size(long bytes);

    @Override
    public native long PyByteArray_AsString(long bytearray);

    @Override
    public native long PyByteArray_Size(long bytearray);
}
