package io.pybridge.core.internal.convert;

import io.pybridge.core.NdArray;
import io.pybridge.core.NdArray.DType;
import io.pybridge.core.exception.PythonConversionException;
import io.pybridge.core.exception.PythonException;
import io.pybridge.core.internal.capi.CApi;
import io.pybridge.core.internal.error.ExceptionTranslator;
import java.lang.reflect.Array;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * {@link NdArray} ↔ numpy with one copy per crossing: Java fills an array numpy allocated, or
 * reads from a contiguous array's memory, straight through its data address. Zero-copy views
 * ({@link NdArray.NumpyView}) make numpy read Java's direct buffer in place. Holding the GIL.
 */
public final class NumpyCodec {

    private final CApi api;

    private final ExceptionTranslator errors;

    private final long empty;

    private final long export;

    private final long view;

    private final long ndarrayType;

    private final long none;

    /** numpy.ndarray once numpy is imported (a reference kept for good), else 0. */
    private long ndarray;

    /**
     * @param empty {@code _pybridge.numpy_empty}, @param export {@code _pybridge.numpy_export},
     * @param view {@code _pybridge.numpy_view}, @param ndarrayType {@code _pybridge.ndarray_type}:
     *     strong references owned by the interpreter
     */
    public NumpyCodec(CApi api, ExceptionTranslator errors, long empty, long export, long view, long ndarrayType) {
        this.api = api;
        this.errors = errors;
        this.empty = empty;
        this.export = export;
        this.view = view;
        this.ndarrayType = ndarrayType;
        this.none = api.symbol("_Py_NoneStruct");
    }

    /** Whether {@code obj} is a numpy array (false, without importing numpy, when numpy is not loaded). */
    boolean isArray(long obj, long type) {
        if (ndarray == 0) {
            long found = call(ndarrayType);
            if (found == 0 || isNone(found)) {
                api.Py_DecRef(found);
                return false;
            }
            ndarray = found; // kept: numpy is never unloaded
        }
        return type == ndarray || api.PyType_IsSubtype(type, ndarray) != 0;
    }

    private boolean isNone(long obj) {
        return obj == none;
    }

    /** A new numpy array holding a copy of {@code array}'s data. */
    long toNumpy(NdArray array) {
        DType dtype = array.dtype();
        long pair = call(empty, code(dtype), shapeList(array.shape()));
        try {
            long result = api.PyTuple_GetItem(pair, 0);
            long address = api.PyLong_AsLongLong(api.PyTuple_GetItem(pair, 1));
            api.copyToNative(array.data(), address);
            api.Py_IncRef(result);
            return result;
        }
        finally {
            api.Py_DecRef(pair);
        }
    }

    /**
     * A new numpy array over the direct buffer's memory, keeping the buffer reachable while it
     * lives; read-only if the buffer is.
     */
    long view(NdArray.NumpyView numpyView, ObjectBridge bridge) {
        Buffer buffer = numpyView.buffer();
        long address = api.addressOf(buffer)
                + (long) buffer.position() * numpyView.dtype().size();
        long elements = 1;
        for (int dimension : numpyView.shape()) {
            elements *= dimension;
        }
        Supplier<Object> keepalive = () -> buffer; // referenced from Python until the last view is freed
        // call() takes over every argument reference, keep included: the view's ctypes base then
        // holds the only reference to it.
        long keep = bridge.callableFor(keepalive);
        // A read-only buffer (a worker's result, mapped read-only) gives a read-only array: a write
        // through a writable one would fault in C, not raise.
        return call(view, api.PyLong_FromLongLong(address), api.PyLong_FromLongLong(elements * numpyView.dtype().size()),
                code(numpyView.dtype()), shapeList(numpyView.shape()), keep, api.PyBool_FromLong(buffer.isReadOnly() ? 1 : 0));
    }

    /** Reads a numpy array into an {@link NdArray}. */
    NdArray fromNumpy(long obj) {
        long exported = call(export, incref(obj));
        try {
            String code = stringOf(api.PyTuple_GetItem(exported, 0));
            DType dtype = code.length() == 1 ? DType.ofCode(code.charAt(0)) : null;
            if (dtype == null) {
                throw new PythonConversionException("numpy dtype '" + code
                        + "' has no Java counterpart (float64, float32, int64, int32, int8 and uint8 do)");
            }
            long shapeList = api.PyTuple_GetItem(exported, 1);
            int[] shape = new int[Math.toIntExact(api.PyList_Size(shapeList))];
            long elements = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = Math.toIntExact(api.PyLong_AsLongLong(api.PyList_GetItem(shapeList, i)));
                elements *= shape[i];
            }
            long address = api.PyLong_AsLongLong(api.PyTuple_GetItem(exported, 2));
            Object data = Array.newInstance(dtype.arrayType().getComponentType(), Math.toIntExact(elements));
            api.copyFromNative(address, data);
            return NdArray.ofData(dtype, data, shape.length == 0 ? new int[] { 1 } : shape);
        }
        finally {
            api.Py_DecRef(exported);
        }
    }

    private long code(DType dtype) {
        return errors.checked(api.PyUnicode_FromStringAndSize(new byte[] { (byte) dtype.code() }, 1));
    }

    private long shapeList(int[] shape) {
        long list = errors.checked(api.PyList_New(shape.length));
        for (int i = 0; i < shape.length; i++) {
            api.PyList_SetItem(list, i, api.PyLong_FromLongLong(shape[i]));
        }
        return list;
    }

    private long incref(long obj) {
        api.Py_IncRef(obj);
        return obj;
    }

    /** Calls a helper, taking over the new references passed as arguments (released here); returns a new reference. */
    private long call(long helper, long... args) {
        try {
            long result = api.PyObject_VectorcallDict(helper, args, args.length, 0);
            if (result == 0) {
                throw numpyError(errors.toException());
            }
            return result;
        }
        finally {
            for (long arg : args) {
                api.Py_DecRef(arg);
            }
        }
    }

    private static RuntimeException numpyError(PythonException ex) {
        if (ex.isInstanceOf("ImportError")) {
            return new PythonConversionException(ex.getPythonMessage());
        }
        return ex;
    }

    /** An ASCII str (a dtype code). */
    private String stringOf(long str) {
        byte[] ascii = api.utf8Of(str);
        if (ascii == null) {
            throw errors.toException();
        }
        return new String(ascii, StandardCharsets.US_ASCII);
    }

    /**
     * A numpy array's data copied into a new direct buffer, as a read-only view: a result
     * requested as {@code NumpyView} that is not read in place (in-process, where the numpy
     * array may change or go once the call returns, or a small array a worker sent in its frame).
     */
    public static NdArray.NumpyView toDirectView(NdArray array) {
        ByteBuffer bytes = ByteBuffer.allocateDirect(Array.getLength(array.data()) * array.dtype().size())
                .order(ByteOrder.nativeOrder());
        copyInto(array, bytes);
        return NdArray.view(array.dtype(), bytes.asReadOnlyBuffer(), array.shape());
    }

    /**
     * Copies the array's elements into {@code target} from its position (in native byte order,
     * as numpy reads them); {@code target}'s own position does not move.
     */
    public static void copyInto(NdArray array, ByteBuffer target) {
        ByteBuffer at = target.duplicate().order(ByteOrder.nativeOrder());
        switch (array.dtype()) {
            case FLOAT64 -> at.asDoubleBuffer().put(array.doubles());
            case FLOAT32 -> at.asFloatBuffer().put(array.floats());
            case INT64 -> at.asLongBuffer().put(array.longs());
            case INT32 -> at.asIntBuffer().put(array.ints());
            case INT8, UINT8 -> at.put(array.bytes());
        }
    }

    /** A numpy array as a 1-D or 2-D primitive Java array of the matching dtype. */
    public static Object toJavaArray(NdArray array, Class<?> target) {
        int[] shape = array.shape();
        Class<?> flat = array.dtype().arrayType();
        if (target == flat && shape.length == 1) {
            return array.data();
        }
        if (target.getComponentType() == flat && shape.length == 2) {
            Object rows = Array.newInstance(flat, shape[0]);
            for (int i = 0; i < shape[0]; i++) {
                Object row = Array.newInstance(flat.getComponentType(), shape[1]);
                System.arraycopy(array.data(), i * shape[1], row, 0, shape[1]);
                Array.set(rows, i, row);
            }
            return rows;
        }
        throw new PythonConversionException("Cannot convert a numpy array of dtype " + array.dtype() + " and shape "
                + Arrays.toString(shape) + " to " + target.getSimpleName() + ": request "
                + flat.getSimpleName() + (shape.length == 2 ? "[]" : "") + " or NdArray");
    }
}
