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
import org.jspecify.annotations.Nullable;

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
        return new NumpyView(buffer, shape, null);
    }

    /**
     * A view, as {@link #view(Buffer, int...)}, of a direct byte buffer's memory read as
     * {@code dtype}: the view's {@link NumpyView#buffer() buffer} is the typed buffer over it
     * ({@code asDoubleBuffer()} etc.), in native byte order. The only way to a signed
     * {@link DType#INT8} view (a plain {@code ByteBuffer} is taken as {@code uint8}).
     *
     * @param shape the dimensions; empty means one dimension over all remaining elements
     */
    public static NumpyView view(DType dtype, ByteBuffer bytes, int... shape) {
        ByteBuffer ordered = bytes.duplicate().order(ByteOrder.nativeOrder());
        Buffer typed = switch (dtype) {
            case FLOAT64 -> ordered.asDoubleBuffer();
            case FLOAT32 -> ordered.asFloatBuffer();
            case INT64 -> ordered.asLongBuffer();
            case INT32 -> ordered.asIntBuffer();
            case INT8, UINT8 -> ordered;
        };
        return new NumpyView(typed, shape, dtype);
    }

    /**
     * Internal: a read-only view over shared memory that {@code release} gives back; run by
     * {@link NumpyView#close()}, at most once.
     */
    public static NumpyView shared(DType dtype, ByteBuffer bytes, int[] shape, Runnable release) {
        NumpyView view = view(dtype, bytes, shape);
        view.release = Objects.requireNonNull(release);
        return view;
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
     *
     * <p>Also a result type: a numpy array requested as {@code NumpyView} comes back as a
     * read-only direct buffer. From a worker process it is the shared memory the worker wrote the
     * array into, read in place (no copy on the Java side); that memory stays this view's until
     * {@link #close()}, or until the last buffer made from it is unreachable (a Python function
     * that kept the argument array it returned can still change it, as with an in-process view).
     * The buffer is read-only, in Java and in numpy if passed back in-process. Close it when done
     * (try-with-resources): the garbage collector does not hurry for memory it does not see, and
     * until then the worker writes later results into new shared memory. In-process it is a copy
     * of the array in a new direct buffer (the numpy array may change or go once the call returns).
     */
    public static final class NumpyView implements AutoCloseable {

        private final Buffer buffer;

        private final int[] shape;

        private final DType dtype;

        /** Gives back the shared memory of a view a worker process returned; null otherwise. */
        private volatile @Nullable Runnable release;

        NumpyView(Buffer buffer, int[] shape, @Nullable DType dtype) {
            if (!buffer.isDirect()) {
                throw new IllegalArgumentException("a numpy view needs a direct buffer");
            }
            DType natural = dtypeOf(buffer);
            boolean bytes = natural == DType.UINT8 && dtype == DType.INT8;
            if (dtype != null && dtype != natural && !bytes) {
                throw new IllegalArgumentException("a " + buffer.getClass().getSimpleName() + " cannot hold " + dtype);
            }
            this.dtype = dtype == null ? natural : dtype;
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

        /**
         * For a view a worker process returned: gives its shared memory back now, and the worker
         * may write a later result there, so neither this view's buffer nor any buffer made from
         * it may be read after this. For any other view: nothing (the buffer stays the caller's).
         */
        @Override
        public void close() {
            Runnable action = release;
            if (action != null) {
                release = null;
                action.run();
            }
        }

        @Override
        public String toString() {
            return "NumpyView[" + dtype + " " + Arrays.toString(shape) + (buffer.isReadOnly() ? " read-only" : "") + "]";
        }
    }
}
