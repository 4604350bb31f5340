package io.pybridge.core;

import io.pybridge.core.exception.PythonConversionException;
import java.lang.reflect.Array;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * An n-dimensional numeric array that crosses to Python as a numpy array of the matching dtype
 * (and back): {@code float64}↔{@code double[]}, {@code float32}↔{@code float[]},
 * {@code int64}↔{@code long[]}, {@code int32}↔{@code int[]}, {@code int8}/{@code uint8}↔{@code byte[]}.
 * The data is a flat primitive array in row-major (C) order; {@link #shape()} gives its
 * dimensions. Each crossing copies the data once; for no copy at all see {@link #view}.
 *
 * <p>Plain Java arrays keep crossing as Python lists (and {@code byte[]} as bytes); wrap them
 * with {@code NdArray.of(...)} to get numpy arrays. From Python, a numpy array converts to an
 * {@code NdArray}, to a matching 1-D primitive array or to a matching 2-D one
 * ({@code double[][]}...). Without numpy in the interpreter these conversions fail with a
 * {@link PythonConversionException} that says so; everything else keeps working.
 */
public final class NdArray {

    /** The supported element types. */
    public enum DType {
        FLOAT64('d', double[].class), FLOAT32('f', float[].class), INT64('q', long[].class), INT32('i', int[].class),
        INT8('b', byte[].class), UINT8('B', byte[].class);

        private final char code;

        private final Class<?> arrayType;

        DType(char code, Class<?> arrayType) {
            this.code = code;
            this.arrayType = arrayType;
        }

        /** numpy's one-character type code ({@code dtype.char}). */
        public char code() {
            return code;
        }

        /** The Java primitive array type holding the data. */
        public Class<?> arrayType() {
            return arrayType;
        }

        /** Bytes per element. */
        public int size() {
            return switch (this) {
                case FLOAT64, INT64 -> 8;
                case FLOAT32, INT32 -> 4;
                case INT8, UINT8 -> 1;
            };
        }

        /** The dtype for a numpy type code, or null if it has no Java counterpart here. */
        public static DType ofCode(char code) {
            for (DType type : values()) {
                if (type.code == code) {
                    return type;
                }
            }
            // 'l' is int64 and 'd' float64 on LP64 platforms; numpy may report 'l' for int64.
            return code == 'l' ? INT64 : null;
        }
    }

    private final DType dtype;

    private final int[] shape;

    private final Object data;

    private NdArray(DType dtype, Object data, int[] shape) {
        this.dtype = dtype;
        this.data = data;
        this.shape = shape.length == 0 ? new int[] { Array.getLength(data) } : shape.clone();
        long elements = 1;
        for (int dimension : this.shape) {
            if (dimension < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(this.shape));
            }
            elements *= dimension;
        }
        if (elements != Array.getLength(data)) {
            throw new IllegalArgumentException("shape " + Arrays.toString(this.shape) + " holds " + elements
                    + " elements, the data has " + Array.getLength(data));
        }
    }

    /** A float64 array; no shape means one dimension. */
    public static NdArray of(double[] data, int... shape) {
        return new NdArray(DType.FLOAT64, Objects.requireNonNull(data), shape);
    }

    public static NdArray of(float[] data, int... shape) {
        return new NdArray(DType.FLOAT32, Objects.requireNonNull(data), shape);
    }

    public static NdArray of(long[] data, int... shape) {
        return new NdArray(DType.INT64, Objects.requireNonNull(data), shape);
    }

    public static NdArray of(int[] data, int... shape) {
        return new NdArray(DType.INT32, Objects.requireNonNull(data), shape);
    }

    /** An int8 array (use {@link #ofUnsigned(byte[], int...)} for uint8). */
    public static NdArray of(byte[] data, int... shape) {
        return new NdArray(DType.INT8, Objects.requireNonNull(data), shape);
    }

    public static NdArray ofUnsigned(byte[] data, int... shape) {
        return new NdArray(DType.UINT8, Objects.requireNonNull(data), shape);
    }

    /** A 2-D float64 array from rows of equal length. */
    public static NdArray of(double[][] rows) {
        int columns = rows.length == 0 ? 0 : rows[0].length;
        double[] flat = new double[rows.length * columns];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != columns) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, row 0 has " + columns);
            }
            System.arraycopy(rows[i], 0, flat, i * columns, columns);
        }
        return of(flat, rows.length, columns);
    }

    /** Internal: an array of any supported dtype from its flat data. */
    public static NdArray ofData(DType dtype, Object data, int[] shape) {
        return new NdArray(dtype, data, shape);
    }

    /**
     * A numpy array that views {@code buffer}'s memory in place: no copy either way, and writes
     * on either side are seen by the other. The buffer must be direct and in native byte order
     * ({@code ByteBuffer.allocateDirect(n).order(ByteOrder.nativeOrder())}, or a
     * {@code DoubleBuffer} etc. made from one). Lifetime: pybridge keeps the buffer reachable
     * while any numpy array over it lives in Python, so its memory cannot be freed under numpy;
     * the view covers the buffer's position..limit at the time of the call, so do not compact or
     * reuse it for other data while Python holds views.
     *
     * @param shape the dimensions; empty means one dimension over all remaining elements
     */
    public static NumpyView view(Buffer buffer, int... shape) {
        return new NumpyView(buffer, shape);
    }

    public DType dtype() {
        return dtype;
    }

    /** The dimensions (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    /** The flat data (the array itself, not a copy). */
    public Object data() {
        return data;
    }

    /** The data of a float64 array. */
    public double[] doubles() {
        return (double[]) expect(DType.FLOAT64);
    }

    public float[] floats() {
        return (float[]) expect(DType.FLOAT32);
    }

    public long[] longs() {
        return (long[]) expect(DType.INT64);
    }

    public int[] ints() {
        return (int[]) expect(DType.INT32);
    }

    public byte[] bytes() {
        if (dtype != DType.INT8 && dtype != DType.UINT8) {
            throw new IllegalStateException("dtype is " + dtype + ", not INT8/UINT8");
        }
        return (byte[]) data;
    }

    private Object expect(DType expected) {
        if (dtype != expected) {
            throw new IllegalStateException("dtype is " + dtype + ", not " + expected);
        }
        return data;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NdArray that && dtype == that.dtype && Arrays.equals(shape, that.shape)
                && Objects.deepEquals(data, that.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dtype, Arrays.hashCode(shape));
    }

    @Override
    public String toString() {
        return "NdArray[" + dtype + " " + Arrays.toString(shape) + "]";
    }

    /**
     * A direct buffer to be seen by Python as a numpy array without copying (see {@link #view}).
     */
    public static final class NumpyView {

        private final Buffer buffer;

        private final int[] shape;

        private final DType dtype;

        NumpyView(Buffer buffer, int[] shape) {
            if (!buffer.isDirect()) {
                throw new IllegalArgumentException("a numpy view needs a direct buffer");
            }
            this.dtype = dtypeOf(buffer);
            this.buffer = buffer;
            this.shape = shape.length == 0 ? new int[] { buffer.remaining() } : shape.clone();
            long elements = 1;
            for (int dimension : this.shape) {
                elements *= dimension;
            }
            if (elements > buffer.remaining()) {
                throw new IllegalArgumentException("shape " + Arrays.toString(this.shape) + " needs " + elements
                        + " elements, the buffer has " + buffer.remaining());
            }
        }

        private static DType dtypeOf(Buffer buffer) {
            ByteOrder order;
            DType dtype;
            if (buffer instanceof DoubleBuffer b) {
                order = b.order();
                dtype = DType.FLOAT64;
            }
            else if (buffer instanceof FloatBuffer b) {
                order = b.order();
                dtype = DType.FLOAT32;
            }
            else if (buffer instanceof LongBuffer b) {
                order = b.order();
                dtype = DType.INT64;
            }
            else if (buffer instanceof IntBuffer b) {
                order = b.order();
                dtype = DType.INT32;
            }
            else if (buffer instanceof ByteBuffer) {
                return DType.UINT8;
            }
            else {
                throw new IllegalArgumentException("no numpy dtype for " + buffer.getClass().getName());
            }
            if (order != ByteOrder.nativeOrder()) {
                throw new IllegalArgumentException("the buffer must be in native byte order ("
                        + ByteOrder.nativeOrder() + ") for numpy to read it");
            }
            return dtype;
        }

        public Buffer buffer() {
            return buffer;
        }

        public int[] shape() {
            return shape.clone();
        }

        public DType dtype() {
            return dtype;
        }
    }
}
