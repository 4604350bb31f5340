package io.pybridge.core.capi;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.WString;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link CApi} over JNA direct mapping ({@link JnaDirect}).
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
            JnaDirect.bind(library);
            return new JnaCApi(library, JnaDirect312.bindIfPresent(library));
        }
        catch (RuntimeException | Error ex) {
            BOUND.set(false);
            throw ex;
        }
    }

    @Override
    public boolean hasRaisedExceptionApi() {
        return raisedExceptionApi;
    }

    @Override
    public long PyErr_GetRaisedException() {
        return JnaDirect312.PyErr_GetRaisedException();
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
    public byte[] readBytes(long address, int length) {
        return new Pointer(address).getByteArray(0, length);
    }

    @Override
    public void Py_SetPythonHome(WString home) {
        JnaDirect.Py_SetPythonHome(home);
    }

    @Override
    public void Py_SetProgramName(WString name) {
        JnaDirect.Py_SetProgramName(name);
    }

    @Override
    public void Py_InitializeEx(int initsigs) {
        JnaDirect.Py_InitializeEx(initsigs);
    }

    @Override
    public int Py_IsInitialized() {
        return JnaDirect.Py_IsInitialized();
    }

    @Override
    public int Py_FinalizeEx() {
        return JnaDirect.Py_FinalizeEx();
    }

    @Override
    public long PyEval_SaveThread() {
        return JnaDirect.PyEval_SaveThread();
    }

    @Override
    public void PyEval_RestoreThread(long tstate) {
        JnaDirect.PyEval_RestoreThread(tstate);
    }

    @Override
    public int PyGILState_Ensure() {
        return JnaDirect.PyGILState_Ensure();
    }

    @Override
    public long PyGILState_GetThisThreadState() {
        return JnaDirect.PyGILState_GetThisThreadState();
    }

    @Override
    public long PyThreadState_Get() {
        return JnaDirect.PyThreadState_Get();
    }

    @Override
    public long PyThreadState_New(long interp) {
        return JnaDirect.PyThreadState_New(interp);
    }

    @Override
    public void PyThreadState_Clear(long tstate) {
        JnaDirect.PyThreadState_Clear(tstate);
    }

    @Override
    public void PyThreadState_Delete(long tstate) {
        JnaDirect.PyThreadState_Delete(tstate);
    }

    @Override
    public long PyInterpreterState_Main() {
        return JnaDirect.PyInterpreterState_Main();
    }

    @Override
    public long PyThread_get_thread_ident() {
        return JnaDirect.PyThread_get_thread_ident();
    }

    @Override
    public int PyThreadState_SetAsyncExc(long id, long exc) {
        return JnaDirect.PyThreadState_SetAsyncExc(id, exc);
    }

    @Override
    public void Py_IncRef(long obj) {
        JnaDirect.Py_IncRef(obj);
    }

    @Override
    public void Py_DecRef(long obj) {
        JnaDirect.Py_DecRef(obj);
    }

    @Override
    public long PyErr_Occurred() {
        return JnaDirect.PyErr_Occurred();
    }

    @Override
    public void PyErr_Fetch(long type, long value, long traceback) {
        JnaDirect.PyErr_Fetch(type, value, traceback);
    }

    @Override
    public void PyErr_NormalizeException(long type, long value, long traceback) {
        JnaDirect.PyErr_NormalizeException(type, value, traceback);
    }

    @Override
    public void PyErr_Clear() {
        JnaDirect.PyErr_Clear();
    }

    @Override
    public void PyErr_SetString(long type, byte[] message) {
        JnaDirect.PyErr_SetString(type, message);
    }

    @Override
    public void PyErr_SetObject(long type, long value) {
        JnaDirect.PyErr_SetObject(type, value);
    }

    @Override
    public int PyException_SetTraceback(long exc, long traceback) {
        return JnaDirect.PyException_SetTraceback(exc, traceback);
    }

    @Override
    public long PyObject_GetAttrString(long obj, byte[] name) {
        return JnaDirect.PyObject_GetAttrString(obj, name);
    }

    @Override
    public int PyObject_SetAttrString(long obj, byte[] name, long value) {
        return JnaDirect.PyObject_SetAttrString(obj, name, value);
    }

    @Override
    public long PyObject_Str(long obj) {
        return JnaDirect.PyObject_Str(obj);
    }

    @Override
    public long PyObject_Repr(long obj) {
        return JnaDirect.PyObject_Repr(obj);
    }

    @Override
    public long PyObject_VectorcallDict(long callable, long[] args, long nargs, long kwargs) {
        return JnaDirect.PyObject_VectorcallDict(callable, args, nargs, kwargs);
    }

    @Override
    public long PyCFunction_NewEx(long methodDef, long self, long module) {
        return JnaDirect.PyCFunction_NewEx(methodDef, self, module);
    }

    @Override
    public long PyCapsule_New(long pointer, long name, long destructor) {
        return JnaDirect.PyCapsule_New(pointer, name, destructor);
    }

    @Override
    public long PyCapsule_GetPointer(long capsule, long name) {
        return JnaDirect.PyCapsule_GetPointer(capsule, name);
    }

    @Override
    public int PyObject_RichCompareBool(long a, long b, int op) {
        return JnaDirect.PyObject_RichCompareBool(a, b, op);
    }

    @Override
    public long PyObject_Hash(long obj) {
        return JnaDirect.PyObject_Hash(obj);
    }

    @Override
    public long PyObject_Length(long obj) {
        return JnaDirect.PyObject_Length(obj);
    }

    @Override
    public long PyObject_GetItem(long obj, long key) {
        return JnaDirect.PyObject_GetItem(obj, key);
    }

    @Override
    public int PyObject_SetItem(long obj, long key, long value) {
        return JnaDirect.PyObject_SetItem(obj, key, value);
    }

    @Override
    public long PyObject_GetAttr(long obj, long name) {
        return JnaDirect.PyObject_GetAttr(obj, name);
    }

    @Override
    public int PyGILState_Check() {
        return JnaDirect.PyGILState_Check();
    }

    @Override
    public int PyCallable_Check(long obj) {
        return JnaDirect.PyCallable_Check(obj);
    }

    @Override
    public long PyObject_GetIter(long obj) {
        return JnaDirect.PyObject_GetIter(obj);
    }

    @Override
    public long PyIter_Next(long iterator) {
        return JnaDirect.PyIter_Next(iterator);
    }

    @Override
    public long PyType_GetFlags(long type) {
        return JnaDirect.PyType_GetFlags(type);
    }

    @Override
    public int PyType_IsSubtype(long a, long b) {
        return JnaDirect.PyType_IsSubtype(a, b);
    }

    @Override
    public long PyImport_ImportModule(byte[] name) {
        return JnaDirect.PyImport_ImportModule(name);
    }

    @Override
    public long PyImport_AddModule(byte[] name) {
        return JnaDirect.PyImport_AddModule(name);
    }

    @Override
    public long PyModule_GetDict(long module) {
        return JnaDirect.PyModule_GetDict(module);
    }

    @Override
    public long Py_CompileString(byte[] source, byte[] filename, int start) {
        return JnaDirect.Py_CompileString(source, filename, start);
    }

    @Override
    public long PyEval_EvalCode(long code, long globals, long locals) {
        return JnaDirect.PyEval_EvalCode(code, globals, locals);
    }

    @Override
    public long PyLong_FromLongLong(long value) {
        return JnaDirect.PyLong_FromLongLong(value);
    }

    @Override
    public long PyLong_AsLongLong(long obj) {
        return JnaDirect.PyLong_AsLongLong(obj);
    }

    @Override
    public long PyLong_FromString(byte[] digits, long end, int base) {
        return JnaDirect.PyLong_FromString(digits, end, base);
    }

    @Override
    public long PyNumber_ToBase(long obj, int base) {
        return JnaDirect.PyNumber_ToBase(obj, base);
    }

    @Override
    public long PyFloat_FromDouble(double value) {
        return JnaDirect.PyFloat_FromDouble(value);
    }

    @Override
    public double PyFloat_AsDouble(long obj) {
        return JnaDirect.PyFloat_AsDouble(obj);
    }

    @Override
    public long PyBool_FromLong(long value) {
        return JnaDirect.PyBool_FromLong(value);
    }

    @Override
    public long PyUnicode_InternFromString(byte[] utf8) {
        return JnaDirect.PyUnicode_InternFromString(utf8);
    }

    @Override
    public long PyUnicode_FromStringAndSize(byte[] utf8, long size) {
        return JnaDirect.PyUnicode_FromStringAndSize(utf8, size);
    }

    @Override
    public long PyUnicode_DecodeUTF16(byte[] data, long size, byte[] errors, int[] byteOrder) {
        return JnaDirect.PyUnicode_DecodeUTF16(data, size, errors, byteOrder);
    }

    @Override
    public long PyUnicode_AsUTF8AndSize(long str, long size) {
        return JnaDirect.PyUnicode_AsUTF8AndSize(str, size);
    }

    @Override
    public long PyUnicode_AsEncodedString(long str, byte[] encoding, byte[] errors) {
        return JnaDirect.PyUnicode_AsEncodedString(str, encoding, errors);
    }

    @Override
    public long PyBytes_FromStringAndSize(byte[] data, long size) {
        return JnaDirect.PyBytes_FromStringAndSize(data, size);
    }

    @Override
    public long PyBytes_AsString(long bytes) {
        return JnaDirect.PyBytes_AsString(bytes);
    }

    @Override
    public long PyBytes_Size(long bytes) {
        return JnaDirect.PyBytes_Size(bytes);
    }

    @Override
    public long PyByteArray_AsString(long bytearray) {
        return JnaDirect.PyByteArray_AsString(bytearray);
    }

    @Override
    public long PyByteArray_Size(long bytearray) {
        return JnaDirect.PyByteArray_Size(bytearray);
    }

    @Override
    public long PyList_New(long size) {
        return JnaDirect.PyList_New(size);
    }

    @Override
    public int PyList_SetItem(long list, long index, long item) {
        return JnaDirect.PyList_SetItem(list, index, item);
    }

    @Override
    public long PyList_GetItem(long list, long index) {
        return JnaDirect.PyList_GetItem(list, index);
    }

    @Override
    public long PyList_Size(long list) {
        return JnaDirect.PyList_Size(list);
    }

    @Override
    public long PyTuple_New(long size) {
        return JnaDirect.PyTuple_New(size);
    }

    @Override
    public int PyTuple_SetItem(long tuple, long index, long item) {
        return JnaDirect.PyTuple_SetItem(tuple, index, item);
    }

    @Override
    public long PyTuple_GetItem(long tuple, long index) {
        return JnaDirect.PyTuple_GetItem(tuple, index);
    }

    @Override
    public long PyTuple_Size(long tuple) {
        return JnaDirect.PyTuple_Size(tuple);
    }

    @Override
    public long PyDict_New() {
        return JnaDirect.PyDict_New();
    }

    @Override
    public long PyDict_Copy(long dict) {
        return JnaDirect.PyDict_Copy(dict);
    }

    @Override
    public int PyDict_SetItem(long dict, long key, long value) {
        return JnaDirect.PyDict_SetItem(dict, key, value);
    }

    @Override
    public int PyDict_SetItemString(long dict, byte[] key, long value) {
        return JnaDirect.PyDict_SetItemString(dict, key, value);
    }

    @Override
    public long PyDict_GetItemString(long dict, byte[] key) {
        return JnaDirect.PyDict_GetItemString(dict, key);
    }

    @Override
    public int PyDict_Next(long dict, long[] position, long[] key, long[] value) {
        return JnaDirect.PyDict_Next(dict, position, key, value);
    }

    @Override
    public long PyDict_Size(long dict) {
        return JnaDirect.PyDict_Size(dict);
    }

    @Override
    public long PySet_New(long iterable) {
        return JnaDirect.PySet_New(iterable);
    }

    @Override
    public int PySet_Add(long set, long key) {
        return JnaDirect.PySet_Add(set, key);
    }

    @Override
    public long PySet_Size(long set) {
        return JnaDirect.PySet_Size(set);
    }
}
