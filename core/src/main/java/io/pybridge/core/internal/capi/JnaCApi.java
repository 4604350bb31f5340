package io.pybridge.core.internal.capi;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.WString;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * {@link CApi} over JNA <em>direct mapping</em>: each C function is a native method of this class,
 * bound once with {@code Native.register}, so the interface is implemented with no forwarding
 * code. Direct mapping with {@code long} handles measured ~60 ns per crossing against ~280 ns for
 * JNA interface mapping, and a call is ~9 crossings. {@code CApiBindingTest} checks that every
 * {@link CApi} function is a native here.
 *
 * <p>libpython is opened with {@code RTLD_GLOBAL}: C extension modules ({@code _json},
 * {@code _decimal}, numpy…) are built without a link to libpython and resolve its symbols from
 * the process's global namespace, so a local-only load makes every such import fail.
 */
public final class JnaCApi implements CApi {

    private static final int RTLD_NOW = 0x2;

    /** {@code RTLD_GLOBAL} is 0x100 on Linux and 0x8 on macOS. */
    private static final int RTLD_GLOBAL = Platform.isMac() ? 0x8 : 0x100;

    /** Direct-mapped natives are process-wide: they can be bound to one library only. */
    private static final AtomicBoolean BOUND = new AtomicBoolean();

    private final NativeLibrary library;

    private final boolean raisedExceptionApi;

    private JnaCApi(NativeLibrary library, boolean raisedExceptionApi) {
        this.library = library;
        this.raisedExceptionApi = raisedExceptionApi;
    }

    /**
     * Loads libpython from {@code libraryPath} with {@code RTLD_GLOBAL} and binds the natives.
     *
     * @throws IllegalStateException if the natives are already bound to a library in this process
     * @throws UnsatisfiedLinkError if the library cannot be loaded or lacks a required function
     */
    public static JnaCApi load(Path libraryPath) {
        if (Native.POINTER_SIZE != 8) {
            throw new UnsatisfiedLinkError("pybridge needs a 64-bit JVM (pointer size " + Native.POINTER_SIZE + ")");
        }
        if (!BOUND.compareAndSet(false, true)) {
            throw new IllegalStateException("libpython is already bound in this JVM; only one CPython runtime per process is possible");
        }
        try {
            NativeLibrary library = NativeLibrary.getInstance(libraryPath.toString(),
                    Map.of(Library.OPTION_OPEN_FLAGS, RTLD_NOW | RTLD_GLOBAL));
            Native.register(JnaCApi.class, library); // binds every native method below
            return new JnaCApi(library, JnaCApi312.bindIfPresent(library));
        }
        catch (RuntimeException | Error ex) {
            BOUND.set(false);
            throw ex;
        }
    }

    @Override
    public long takeRaisedException() {
        if (raisedExceptionApi) {
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

    @Override
    public boolean hasSubInterpreterApi() {
        return raisedExceptionApi; // the same release (3.12) brought both
    }

    @Override
    public long newIsolatedInterpreter() {
        return SubInterpreters.create(library);
    }

    @Override
    public String bindingName() {
        return "JNA";
    }

    @Override
    public long newMethodDef(String name, MethodTarget target) {
        return JnaUpcalls.methodDef(name, target);
    }

    @Override
    public long newCapsuleDestructor(DestructorTarget target) {
        return JnaUpcalls.capsuleDestructor(target);
    }

    @Override
    public void copyToNative(Object array, long address) {
        Pointer target = new Pointer(address);
        if (array instanceof double[] values) {
            target.write(0, values, 0, values.length);
        }
        else if (array instanceof float[] values) {
            target.write(0, values, 0, values.length);
        }
        else if (array instanceof long[] values) {
            target.write(0, values, 0, values.length);
        }
        else if (array instanceof int[] values) {
            target.write(0, values, 0, values.length);
        }
        else if (array instanceof byte[] values) {
            target.write(0, values, 0, values.length);
        }
        else {
            throw new IllegalArgumentException("not a supported primitive array: " + array.getClass());
        }
    }

    @Override
    public void copyFromNative(long address, Object array) {
        Pointer source = new Pointer(address);
        if (array instanceof double[] values) {
            source.read(0, values, 0, values.length);
        }
        else if (array instanceof float[] values) {
            source.read(0, values, 0, values.length);
        }
        else if (array instanceof long[] values) {
            source.read(0, values, 0, values.length);
        }
        else if (array instanceof int[] values) {
            source.read(0, values, 0, values.length);
        }
        else if (array instanceof byte[] values) {
            source.read(0, values, 0, values.length);
        }
        else {
            throw new IllegalArgumentException("not a supported primitive array: " + array.getClass());
        }
    }

    @Override
    public long addressOf(java.nio.Buffer directBuffer) {
        return Pointer.nativeValue(Native.getDirectBufferPointer(directBuffer));
    }

    @Override
    public long symbol(String name) {
        return Pointer.nativeValue(library.getGlobalVariableAddress(name));
    }

    @Override
    public long readWord(long address, long offset) {
        return new Pointer(address).getLong(offset);
    }

    @Override
    public boolean readsMemoryInline() {
        return false; // each Pointer read is a JNI call
    }

    @Override
    public byte[] readBytes(long address, int length) {
        return new Pointer(address).getByteArray(0, length);
    }

    @Override
    public void Py_SetPythonHome(String home) {
        Py_SetPythonHome(new WString(home));
    }

    /** {@code wchar_t*}: JNA passes a {@link WString} as the platform's wide string. */
    private native void Py_SetPythonHome(WString home);

    @Override
    public void Py_SetProgramName(String name) {
        Py_SetProgramName(new WString(name));
    }

    private native void Py_SetProgramName(WString name);

    @Override
    public native void Py_InitializeEx(int initsigs);

    @Override
    public native int Py_IsInitialized();

    @Override
    public native int Py_FinalizeEx();

    @Override
    public native long PyEval_SaveThread();

    @Override
    public native void PyEval_RestoreThread(long tstate);

    @Override
    public native int PyGILState_Ensure();

    @Override
    public native long PyGILState_GetThisThreadState();

    @Override
    public native long PyThreadState_Get();

    @Override
    public native long PyThreadState_New(long interp);

    @Override
    public native void PyThreadState_Clear(long tstate);

    @Override
    public native void PyThreadState_Delete(long tstate);

    @Override
    public native long PyInterpreterState_Main();

    @Override
    public native long PyThreadState_GetInterpreter(long tstate);

    @Override
    public native void Py_EndInterpreter(long tstate);

    @Override
    public native long PyThread_get_thread_ident();

    @Override
    public native int PyThreadState_SetAsyncExc(long id, long exc);

    @Override
    public native void Py_IncRef(long obj);

    @Override
    public native void Py_DecRef(long obj);

    @Override
    public native long PyErr_Occurred();

    private native void PyErr_Fetch(long type, long value, long traceback);

    private native void PyErr_NormalizeException(long type, long value, long traceback);

    @Override
    public native void PyErr_Clear();

    @Override
    public native void PyErr_SetString(long type, byte[] message);

    @Override
    public native void PyErr_SetObject(long type, long value);

    private native int PyException_SetTraceback(long exc, long traceback);

    @Override
    public native long PyObject_GetAttrString(long obj, byte[] name);

    @Override
    public native int PyObject_SetAttrString(long obj, byte[] name, long value);

    @Override
    public native long PyObject_Str(long obj);

    @Override
    public native long PyObject_Repr(long obj);

    @Override
    public native long PyFrame_GetCode(long frame);

    @Override
    public native long PyObject_VectorcallDict(long callable, long[] args, long nargs, long kwargs);

    @Override
    public native long PyCFunction_NewEx(long methodDef, long self, long module);

    @Override
    public native long PyCapsule_New(long pointer, long name, long destructor);

    @Override
    public native long PyCapsule_GetPointer(long capsule, long name);

    @Override
    public native int PyObject_RichCompareBool(long a, long b, int op);

    @Override
    public native long PyObject_Hash(long obj);

    @Override
    public native long PyObject_Length(long obj);

    @Override
    public native long PyObject_GetItem(long obj, long key);

    @Override
    public native int PyObject_SetItem(long obj, long key, long value);

    @Override
    public native long PyObject_GetAttr(long obj, long name);

    @Override
    public native int PyGILState_Check();

    @Override
    public native int PyCallable_Check(long obj);

    @Override
    public native long PyObject_GetIter(long obj);

    @Override
    public native long PyIter_Next(long iterator);

    @Override
    public native long PyType_GetFlags(long type);

    @Override
    public native int PyType_IsSubtype(long a, long b);

    @Override
    public native long PyImport_ImportModule(byte[] name);

    @Override
    public native long PyImport_AddModule(byte[] name);

    @Override
    public native long PyModule_GetDict(long module);

    @Override
    public native long Py_CompileString(byte[] source, byte[] filename, int start);

    @Override
    public native long PyEval_EvalCode(long code, long globals, long locals);

    @Override
    public native long PyFunction_New(long code, long globals);

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

    @Override
    public native long PyList_New(long size);

    @Override
    public native int PyList_SetItem(long list, long index, long item);

    @Override
    public native long PyList_GetItem(long list, long index);

    @Override
    public native long PyList_Size(long list);

    @Override
    public native long PyTuple_New(long size);

    @Override
    public native int PyTuple_SetItem(long tuple, long index, long item);

    @Override
    public native long PyTuple_GetItem(long tuple, long index);

    @Override
    public native long PyTuple_Size(long tuple);

    @Override
    public native long PyDict_New();

    @Override
    public native long PyDict_Copy(long dict);

    @Override
    public native int PyDict_SetItem(long dict, long key, long value);

    @Override
    public native int PyDict_SetItemString(long dict, byte[] key, long value);

    @Override
    public native long PyDict_GetItemString(long dict, byte[] key);

    @Override
    public native int PyDict_Next(long dict, long[] position, long[] key, long[] value);

    @Override
    public native long PyDict_Size(long dict);

    @Override
    public native long PySet_New(long iterable);

    @Override
    public native int PySet_Add(long set, long key);

    @Override
    public native long PySet_Size(long set);
}
