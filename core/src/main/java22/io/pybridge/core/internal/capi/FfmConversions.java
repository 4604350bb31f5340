package io.pybridge.core.internal.capi;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;

/**
 * The C side of converting single values over {@code java.lang.foreign}: ints, floats and bools,
 * str and bytes (CPython's {@code longobject.h}, {@code floatobject.h}, {@code boolobject.h},
 * {@code unicodeobject.h}, {@code bytesobject.h} and {@code bytearrayobject.h}). Java text and
 * bytes reach C through the thread's {@link FfmScratch}.
 *
 * <p>The sixth layer of {@link FfmCApi}.
 */
abstract class FfmConversions extends FfmCode {

    private static final MethodHandle PyLong_FromLongLong = FfmLibrary.function("PyLong_FromLongLong", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyLong_AsLongLong = FfmLibrary.function("PyLong_AsLongLong", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyLong_FromString = FfmLibrary.function("PyLong_FromString", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT));
    private static final MethodHandle PyNumber_ToBase = FfmLibrary.function("PyNumber_ToBase", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_INT));
    private static final MethodHandle PyFloat_FromDouble = FfmLibrary.function("PyFloat_FromDouble", FunctionDescriptor.of(JAVA_LONG, JAVA_DOUBLE));
    private static final MethodHandle PyFloat_AsDouble = FfmLibrary.function("PyFloat_AsDouble", FunctionDescriptor.of(JAVA_DOUBLE, JAVA_LONG));
    private static final MethodHandle PyBool_FromLong = FfmLibrary.function("PyBool_FromLong", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyUnicode_InternFromString = FfmLibrary.function("PyUnicode_InternFromString", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyUnicode_FromStringAndSize = FfmLibrary.function("PyUnicode_FromStringAndSize", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyUnicode_DecodeUTF16 = FfmLibrary.function("PyUnicode_DecodeUTF16", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
    /** Not critical: a str with lone surrogates raises UnicodeEncodeError, a GC-tracked allocation (3.11 may collect there). */
    private static final MethodHandle PyUnicode_AsUTF8AndSize = FfmLibrary.function("PyUnicode_AsUTF8AndSize", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyUnicode_AsEncodedString = FfmLibrary.function("PyUnicode_AsEncodedString", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyBytes_FromStringAndSize = FfmLibrary.function("PyBytes_FromStringAndSize", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyBytes_AsString = FfmLibrary.function("PyBytes_AsString", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyBytes_Size = FfmLibrary.function("PyBytes_Size", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG), FfmLibrary.CRITICAL);
    private static final MethodHandle PyByteArray_AsString = FfmLibrary.function("PyByteArray_AsString", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyByteArray_Size = FfmLibrary.function("PyByteArray_Size", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));

    @Override
    public long PyLong_FromLongLong(long value) {
        try {
            return (long) PyLong_FromLongLong.invokeExact(value);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyLong_AsLongLong(long obj) {
        try {
            return (long) PyLong_AsLongLong.invokeExact(obj);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyLong_FromString(byte[] digits, long end, int base) {
        FfmScratch scratch = FfmScratch.current();
        long mark = scratch.mark();
        try {
            return (long) PyLong_FromString.invokeExact(scratch.cString(digits), end, base);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
        finally {
            scratch.reset(mark);
        }
    }

    @Override
    public long PyNumber_ToBase(long obj, int base) {
        try {
            return (long) PyNumber_ToBase.invokeExact(obj, base);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyFloat_FromDouble(double value) {
        try {
            return (long) PyFloat_FromDouble.invokeExact(value);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public double PyFloat_AsDouble(long obj) {
        try {
            return (double) PyFloat_AsDouble.invokeExact(obj);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyBool_FromLong(long value) {
        try {
            return (long) PyBool_FromLong.invokeExact(value);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyUnicode_InternFromString(byte[] utf8) {
        FfmScratch scratch = FfmScratch.current();
        long mark = scratch.mark();
        try {
            return (long) PyUnicode_InternFromString.invokeExact(scratch.cString(utf8));
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
        finally {
            scratch.reset(mark);
        }
    }

    @Override
    public long PyUnicode_FromStringAndSize(byte[] utf8, long size) {
        FfmScratch scratch = FfmScratch.current();
        long mark = scratch.mark();
        try {
            return (long) PyUnicode_FromStringAndSize.invokeExact(scratch.cString(utf8), size);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
        finally {
            scratch.reset(mark);
        }
    }

    @Override
    public long PyUnicode_DecodeUTF16(byte[] data, long size, byte[] errors, int[] byteOrder) {
        FfmScratch scratch = FfmScratch.current();
        long mark = scratch.mark();
        try {
            long orderCell = scratch.ints(byteOrder);
            long result = (long) PyUnicode_DecodeUTF16.invokeExact(scratch.cString(data), size, scratch.cString(errors), orderCell);
            FfmScratch.copyBack(orderCell, byteOrder);
            return result;
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
        finally {
            scratch.reset(mark);
        }
    }

    @Override
    public byte[] utf8Of(long str) {
        FfmScratch scratch = FfmScratch.current();
        long mark = scratch.mark();
        try {
            long sizeCell = scratch.zeroed(Long.BYTES);
            long utf8 = (long) PyUnicode_AsUTF8AndSize.invokeExact(str, sizeCell);
            if (utf8 == 0) {
                return null;
            }
            return readBytes(utf8, Math.toIntExact(readWord(sizeCell, 0)));
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
        finally {
            scratch.reset(mark);
        }
    }

    @Override
    public long PyUnicode_AsEncodedString(long str, byte[] encoding, byte[] errors) {
        FfmScratch scratch = FfmScratch.current();
        long mark = scratch.mark();
        try {
            return (long) PyUnicode_AsEncodedString.invokeExact(str, scratch.cString(encoding), scratch.cString(errors));
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
        finally {
            scratch.reset(mark);
        }
    }

    @Override
    public long PyBytes_FromStringAndSize(byte[] data, long size) {
        FfmScratch scratch = FfmScratch.current();
        long mark = scratch.mark();
        try {
            return (long) PyBytes_FromStringAndSize.invokeExact(data == null ? 0L : scratch.cString(data), size);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
        finally {
            scratch.reset(mark);
        }
    }

    @Override
    public long PyBytes_AsString(long bytes) {
        try {
            return (long) PyBytes_AsString.invokeExact(bytes);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyBytes_Size(long bytes) {
        try {
            return (long) PyBytes_Size.invokeExact(bytes);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyByteArray_AsString(long bytearray) {
        try {
            return (long) PyByteArray_AsString.invokeExact(bytearray);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyByteArray_Size(long bytearray) {
        try {
            return (long) PyByteArray_Size.invokeExact(bytearray);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }
}
