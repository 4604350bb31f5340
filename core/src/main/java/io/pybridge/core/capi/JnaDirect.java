package io.pybridge.core.capi;

import com.sun.jna.NativeLibrary;
import com.sun.jna.WString;

/**
 * JNA <em>direct mapping</em> of the CPython functions in {@link CApi}: static native methods
 * bound once with {@code Native.register}. Direct mapping with {@code long} handles measured
 * ~60 ns per crossing against ~280 ns for JNA interface mapping, and a call is ~9 crossings.
 * Generated from the {@link CApi} declarations; keep the two in step.
 */
final class JnaDirect {

    private JnaDirect() {
    }

    /** Binds every native method below to {@code library}; fails if a symbol is missing. */
    static void bind(NativeLibrary library) {
        com.sun.jna.Native.register(JnaDirect.class, library);
    }

    static native void Py_SetPythonHome(WString home);
    static native void Py_SetProgramName(WString name);
    static native void Py_InitializeEx(int initsigs);
    static native int Py_IsInitialized();
    static native int Py_FinalizeEx();
    static native long PyEval_SaveThread();
    static native void PyEval_RestoreThread(long tstate);
    static native int PyGILState_Ensure();
    static native long PyGILState_GetThisThreadState();
    static native long PyThreadState_Get();
    static native long PyThreadState_New(long interp);
    static native void PyThreadState_Clear(long tstate);
    static native void PyThreadState_Delete(long tstate);
    static native long PyInterpreterState_Main();
    static native long PyThread_get_thread_ident();
    static native int PyThreadState_SetAsyncExc(long id, long exc);
    static native void Py_IncRef(long obj);
    static native void Py_DecRef(long obj);
    static native long PyErr_Occurred();
    static native void PyErr_Fetch(long type, long value, long traceback);
    static native void PyErr_NormalizeException(long type, long value, long traceback);
    static native void PyErr_Clear();
    static native void PyErr_SetString(long type, byte[] message);
    static native void PyErr_SetObject(long type, long value);
    static native int PyException_SetTraceback(long exc, long traceback);
    static native long PyObject_GetAttrString(long obj, byte[] name);
    static native int PyObject_SetAttrString(long obj, byte[] name, long value);
    static native long PyObject_Str(long obj);
    static native long PyObject_Repr(long obj);
    static native long PyObject_VectorcallDict(long callable, long[] args, long nargs, long kwargs);
    static native long PyCFunction_NewEx(long methodDef, long self, long module);
    static native long PyCapsule_New(long pointer, long name, long destructor);
    static native long PyCapsule_GetPointer(long capsule, long name);
    static native int PyObject_RichCompareBool(long a, long b, int op);
    static native long PyObject_Hash(long obj);
    static native long PyObject_Length(long obj);
    static native long PyObject_GetItem(long obj, long key);
    static native int PyObject_SetItem(long obj, long key, long value);
    static native long PyObject_GetAttr(long obj, long name);
    static native int PyGILState_Check();
    static native int PyCallable_Check(long obj);
    static native long PyObject_GetIter(long obj);
    static native long PyIter_Next(long iterator);
    static native long PyType_GetFlags(long type);
    static native int PyType_IsSubtype(long a, long b);
    static native long PyImport_ImportModule(byte[] name);
    static native long PyImport_AddModule(byte[] name);
    static native long PyModule_GetDict(long module);
    static native long Py_CompileString(byte[] source, byte[] filename, int start);
    static native long PyEval_EvalCode(long code, long globals, long locals);
    static native long PyLong_FromLongLong(long value);
    static native long PyLong_AsLongLong(long obj);
    static native long PyLong_FromString(byte[] digits, long end, int base);
    static native long PyNumber_ToBase(long obj, int base);
    static native long PyFloat_FromDouble(double value);
    static native double PyFloat_AsDouble(long obj);
    static native long PyBool_FromLong(long value);
    static native long PyUnicode_InternFromString(byte[] utf8);
    static native long PyUnicode_FromStringAndSize(byte[] utf8, long size);
    static native long PyUnicode_DecodeUTF16(byte[] data, long size, byte[] errors, int[] byteOrder);
    static native long PyUnicode_AsUTF8AndSize(long str, long size);
    static native long PyUnicode_AsEncodedString(long str, byte[] encoding, byte[] errors);
    static native long PyBytes_FromStringAndSize(byte[] data, long size);
    static native long PyBytes_AsString(long bytes);
    static native long PyBytes_Size(long bytes);
    static native long PyByteArray_AsString(long bytearray);
    static native long PyByteArray_Size(long bytearray);
    static native long PyList_New(long size);
    static native int PyList_SetItem(long list, long index, long item);
    static native long PyList_GetItem(long list, long index);
    static native long PyList_Size(long list);
    static native long PyTuple_New(long size);
    static native int PyTuple_SetItem(long tuple, long index, long item);
    static native long PyTuple_GetItem(long tuple, long index);
    static native long PyTuple_Size(long tuple);
    static native long PyDict_New();
    static native long PyDict_Copy(long dict);
    static native int PyDict_SetItem(long dict, long key, long value);
    static native int PyDict_SetItemString(long dict, byte[] key, long value);
    static native long PyDict_GetItemString(long dict, byte[] key);
    static native int PyDict_Next(long dict, long[] position, long[] key, long[] value);
    static native long PyDict_Size(long dict);
    static native long PySet_New(long iterable);
    static native int PySet_Add(long set, long key);
    static native long PySet_Size(long set);
}
