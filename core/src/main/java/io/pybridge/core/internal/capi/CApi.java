package io.pybridge.core.internal.capi;

import org.jspecify.annotations.Nullable;

/**
 * The CPython C API functions pybridge uses: the one narrow native boundary of the project.
 *
 * <p>Every {@code PyObject*} is a {@code long} holding the address. Each method documents its
 * reference semantics in CPython terms: <em>new</em> (the caller owns the returned reference and
 * must decref it), <em>borrowed</em> (the caller must not decref it), <em>steals</em> (the callee
 * takes over the reference passed in). Unless stated otherwise every method must be called by
 * the thread that currently holds the GIL.
 *
 * <p>Two implementations: {@link JnaCApi} (JNA direct mapping, any JDK 17+) and
 * {@code FfmCApi} ({@code java.lang.foreign}, JDK 22+, shipped under
 * {@code META-INF/versions/22} of the multi-release jar); {@link CApiLoader} picks one. Nothing
 * in this interface names a type of either: pointers are {@code long}s, C strings are
 * NUL-terminated {@code byte[]}s, and the upcalls are the plain Java interfaces below.
 * Each binding declares these functions one concern per class (interpreters, threads, objects and
 * calls, errors, modules and code, conversions, containers), the classes stacked under the one
 * that implements this interface, so a call through it is a single virtual call. The
 * declarations are split the same way where they are many: {@link CApiThreads} holds the thread
 * states, the GIL, the stack bounds and the interpreters.
 *
 * <p>Internal API: nothing outside {@code io.pybridge} should depend on it.
 */
public interface CApi extends CApiThreads {

    /** The C signature {@code PyObject *(*)(PyObject *self, PyObject *args)} of a Java function Python calls. */
    @FunctionalInterface
    interface MethodTarget {

        /**
         * Runs holding the GIL, on whatever thread Python calls from. Must not throw: a Java
         * exception cannot cross C frames, so a binding that catches one reports it as a Python
         * {@code SystemError} at best.
         *
         * @param self the object the function was bound to (borrowed)
         * @param args the positional arguments tuple (borrowed)
         * @return a new reference, or 0 with a Python exception set
         */
        long invoke(long self, long args);
    }

    /** The C signature {@code void (*)(PyObject *capsule)} of a {@code PyCapsule_Destructor}; runs holding the GIL, must not throw. */
    @FunctionalInterface
    interface DestructorTarget {
        void invoke(long capsule);
    }

    /** Which binding this is ({@code "FFM"} or {@code "JNA"}), for the start-up log and metrics. */
    String bindingName();

    /** {@code Py_eval_input}: compile a single expression. */
    int EVAL_INPUT = 258;
    /** {@code Py_file_input}: compile a sequence of statements. */
    int FILE_INPUT = 257;

    /** {@code Py_TPFLAGS_LONG_SUBCLASS}. */
    long TPFLAGS_LONG_SUBCLASS = 1L << 24;
    /** {@code Py_TPFLAGS_LIST_SUBCLASS}. */
    long TPFLAGS_LIST_SUBCLASS = 1L << 25;
    /** {@code Py_TPFLAGS_TUPLE_SUBCLASS}. */
    long TPFLAGS_TUPLE_SUBCLASS = 1L << 26;
    /** {@code Py_TPFLAGS_BYTES_SUBCLASS}. */
    long TPFLAGS_BYTES_SUBCLASS = 1L << 27;
    /** {@code Py_TPFLAGS_UNICODE_SUBCLASS}. */
    long TPFLAGS_UNICODE_SUBCLASS = 1L << 28;
    /** {@code Py_TPFLAGS_DICT_SUBCLASS}. */
    long TPFLAGS_DICT_SUBCLASS = 1L << 29;
    /** {@code Py_TPFLAGS_BASE_EXC_SUBCLASS}. */
    long TPFLAGS_BASE_EXC_SUBCLASS = 1L << 30;

    // ---- interpreter lifecycle (boot thread only) ----

    /** Sets the home (stdlib prefix) before initialization; CPython copies the string. */
    void Py_SetPythonHome(String home);

    /** Sets the program name before initialization; CPython copies the string. */
    void Py_SetProgramName(String name);

    /** Initializes the interpreter; {@code 0} means: install no signal handlers. */
    void Py_InitializeEx(int initsigs);

    /** Non-zero once the interpreter is initialized. GIL not required. */
    int Py_IsInitialized();

    /** Finalizes the interpreter; 0 on success. The caller must hold the GIL with the main thread state. */
    int Py_FinalizeEx();

    // ---- reference counting (function forms, safe across versions) ----

    /** {@code Py_IncRef}: accepts 0. */
    void Py_IncRef(long obj);

    /** {@code Py_DecRef}: accepts 0. */
    void Py_DecRef(long obj);

    // ---- errors ----

    /** The pending exception type (borrowed) or 0. */
    long PyErr_Occurred();

    /**
     * Takes and clears the pending exception as one normalized exception instance with its
     * traceback attached: a new reference, or 0 if none was pending. On 3.12+ that is the single
     * call {@code PyErr_GetRaisedException}; before, {@code PyErr_Fetch},
     * {@code PyErr_NormalizeException} (which may run the exception's {@code __init__}) and
     * {@code PyException_SetTraceback}, with the out-parameters in binding-owned native memory.
     */
    long takeRaisedException();

    /** Clears the pending exception. */
    void PyErr_Clear();

    /** Sets the pending exception: {@code type} borrowed, {@code message} NUL-terminated UTF-8. */
    void PyErr_SetString(long type, byte[] message);

    /** Sets the pending exception to {@code value} (an instance of {@code type}); both borrowed. */
    void PyErr_SetObject(long type, long value);

    // ---- objects ----

    /** {@code getattr(obj, name)}: new reference, or 0 with an error set. */
    long PyObject_GetAttrString(long obj, byte[] name);

    /** {@code setattr(obj, name, value)}: value borrowed; 0 on success. */
    int PyObject_SetAttrString(long obj, byte[] name, long value);

    /** {@code str(obj)}: new reference. */
    long PyObject_Str(long obj);

    /** {@code repr(obj)}: new reference. */
    long PyObject_Repr(long obj);

    /** {@code frame.f_code}: new reference; never fails. */
    long PyFrame_GetCode(long frame);

    /** Calls {@code callable(*args, **kwargs)}: args is an array of borrowed references; kwargs a dict or 0; new reference. */
    long PyObject_VectorcallDict(long callable, long[] args, long nargs, long kwargs);

    /**
     * A new builtin function object for the method definition at {@code methodDef} (a native
     * {@code PyMethodDef} that must outlive the function), bound to {@code self}.
     */
    long PyCFunction_NewEx(long methodDef, long self, long module);

    /** 1 if callable. */
    int PyCallable_Check(long obj);

    /** {@code iter(obj)}: new reference. */
    long PyObject_GetIter(long obj);

    /** {@code next(it)}: new reference, or 0 at the end (no error) or on error. */
    long PyIter_Next(long iterator);

    /** The {@code tp_flags} of a type object. */
    long PyType_GetFlags(long type);

    /** 1 if {@code a} is a subtype of {@code b}. */
    int PyType_IsSubtype(long a, long b);

    /** A new capsule holding {@code pointer} (non-zero); {@code destructor} (a C function pointer, or 0) runs when it is freed. */
    long PyCapsule_New(long pointer, long name, long destructor);

    /** The pointer stored in a capsule ({@code name} 0 for unnamed capsules). */
    long PyCapsule_GetPointer(long capsule, long name);

    /** {@code a op b} as 1/0, or -1 with an error set; {@code op} 2 is {@code ==}. */
    int PyObject_RichCompareBool(long a, long b, int op);

    /** {@code hash(obj)}, or -1 with an error set (unhashable). */
    long PyObject_Hash(long obj);

    /** {@code len(obj)}, or -1 with an error set. */
    long PyObject_Length(long obj);

    /** {@code obj[key]}: key borrowed; new reference. */
    long PyObject_GetItem(long obj, long key);

    /** {@code obj[key] = value}: both borrowed; 0 on success. */
    int PyObject_SetItem(long obj, long key, long value);

    /** {@code getattr(obj, name)} with a str object: new reference. */
    long PyObject_GetAttr(long obj, long name);

    /** 1 if the calling thread holds the GIL. GIL not required. */
    int PyGILState_Check();

    // ---- modules and code ----

    /** {@code import name}: new reference. */
    long PyImport_ImportModule(byte[] name);

    /** {@code sys.modules[name]}, created if missing: borrowed reference. */
    long PyImport_AddModule(byte[] name);

    /** The module's dict: borrowed reference. */
    long PyModule_GetDict(long module);

    /** Compiles source text: new reference to a code object. */
    long Py_CompileString(byte[] source, byte[] filename, int start);

    /** Evaluates a code object: new reference. */
    long PyEval_EvalCode(long code, long globals, long locals);

    /**
     * A function running {@code code} with {@code globals}: new reference. Called with no
     * arguments, a function of module-level code (neither optimized nor new locals) runs with
     * its globals as locals, exactly as {@code PyEval_EvalCode(code, globals, globals)}, without
     * building a function object per run.
     */
    long PyFunction_New(long code, long globals);

    // ---- numbers ----

    /** New int from a signed 64-bit value. */
    long PyLong_FromLongLong(long value);

    /** The value of an int; -1 with OverflowError pending when it does not fit. */
    long PyLong_AsLongLong(long obj);

    /** New int parsed from NUL-terminated ASCII digits in {@code base}; {@code end} must be 0. */
    long PyLong_FromString(byte[] digits, long end, int base);

    /** {@code bin/oct/hex(obj)} text for base 2, 8 or 16: new reference. */
    long PyNumber_ToBase(long obj, int base);

    /** New float. */
    long PyFloat_FromDouble(double value);

    /** The value of a float (or of any object with {@code __float__}); -1.0 with an error set on failure. */
    double PyFloat_AsDouble(long obj);

    /** New reference to True or False. */
    long PyBool_FromLong(long value);

    // ---- text and bytes ----

    /** New interned str from a NUL-terminated UTF-8 string (for attribute names). */
    long PyUnicode_InternFromString(byte[] utf8);

    /** New str decoded from UTF-8 bytes. */
    long PyUnicode_FromStringAndSize(byte[] utf8, long size);

    /** New str decoded from UTF-16 bytes; {@code byteOrder[0]} -1 means little endian. */
    long PyUnicode_DecodeUTF16(byte[] data, long size, byte[] errors, int[] byteOrder);

    /**
     * The text of a str as UTF-8, copied out of the buffer {@code PyUnicode_AsUTF8AndSize} caches
     * inside it; {@code null} with an error set (a str holding lone surrogates). One crossing:
     * the size out-parameter lives in binding-owned native memory.
     */
    byte @Nullable [] utf8Of(long str);

    /** New bytes: {@code str.encode(encoding, errors)}. */
    long PyUnicode_AsEncodedString(long str, byte[] encoding, byte[] errors);

    /**
     * New bytes copied from {@code data}; with {@code data} null, {@code size} bytes left for the
     * caller to fill (through {@link #PyBytes_AsString}) before anyone else sees the object.
     */
    long PyBytes_FromStringAndSize(byte @Nullable [] data, long size);

    /** The internal buffer of a bytes object (borrowed). */
    long PyBytes_AsString(long bytes);

    /** The length of a bytes object. */
    long PyBytes_Size(long bytes);

    /** The internal buffer of a bytearray (borrowed). */
    long PyByteArray_AsString(long bytearray);

    /** The length of a bytearray. */
    long PyByteArray_Size(long bytearray);

    // ---- containers ----

    /** New list of {@code size} empty slots. */
    long PyList_New(long size);

    /** Fills a slot of a new list: <em>steals</em> {@code item}. */
    int PyList_SetItem(long list, long index, long item);

    /** A list item: borrowed reference. */
    long PyList_GetItem(long list, long index);

    /** The length of a list. */
    long PyList_Size(long list);

    /** New tuple of {@code size} empty slots. */
    long PyTuple_New(long size);

    /** Fills a slot of a new tuple: <em>steals</em> {@code item}. */
    int PyTuple_SetItem(long tuple, long index, long item);

    /** A tuple item: borrowed reference. */
    long PyTuple_GetItem(long tuple, long index);

    /** The length of a tuple. */
    long PyTuple_Size(long tuple);

    /** New empty dict. */
    long PyDict_New();

    /** New shallow copy of a dict. */
    long PyDict_Copy(long dict);

    /** {@code dict[key] = value}: key and value borrowed (the dict takes its own references). */
    int PyDict_SetItem(long dict, long key, long value);

    /** {@code dict[key] = value} with a NUL-terminated UTF-8 key; value borrowed. */
    int PyDict_SetItemString(long dict, byte[] key, long value);

    /** {@code dict.get(key)} with a NUL-terminated UTF-8 key: borrowed reference, or 0 if absent (no error set). */
    long PyDict_GetItemString(long dict, byte[] key);

    /** Iterates a dict: key and value written as borrowed references; returns 0 at the end. */
    int PyDict_Next(long dict, long[] position, long[] key, long[] value);

    /** The number of items of a dict. */
    long PyDict_Size(long dict);

    /** New set, filled from {@code iterable} when it is not 0. */
    long PySet_New(long iterable);

    /** Adds {@code key} (borrowed) to a set. */
    int PySet_Add(long set, long key);

    /** The size of a set or frozenset. */
    long PySet_Size(long set);

    // ---- data symbols (addresses of static objects; stable for the life of the process) ----

    /** The address of an exported data symbol such as {@code PyLong_Type} or {@code _Py_NoneStruct}. */
    long symbol(String name);

    // ---- upcalls: Java code Python calls (kept reachable for the life of the process) ----

    /**
     * A {@code METH_VARARGS} {@code PyMethodDef} named {@code name} in native memory whose C
     * function runs {@code target}; the address, to pass to {@link #PyCFunction_NewEx}. The
     * definition and its upcall stub live for the life of the process: every function object
     * made from them points at both.
     */
    long newMethodDef(String name, MethodTarget target);

    /** A C function pointer running {@code target}, to pass to {@link #PyCapsule_New}; lives for the life of the process. */
    long newCapsuleDestructor(DestructorTarget target);

    // ---- native memory ----

    /** Copies a whole Java primitive array ({@code double[]}, {@code float[]}, {@code long[]}, {@code int[]}, {@code byte[]}) to {@code address}. */
    void copyToNative(Object primitiveArray, long address);

    /** Fills a whole Java primitive array (as {@link #copyToNative}) from {@code address}. */
    void copyFromNative(long address, Object primitiveArray);

    /** The native address of a direct buffer's first element (index 0, not its position). */
    long addressOf(java.nio.Buffer directBuffer);

    /** Reads the pointer-sized word at {@code address + offset} (used for {@code ob_type}). */
    long readWord(long address, long offset);

    /**
     * Whether {@link #readWord} costs no native crossing (a plain memory read the JIT compiles
     * inline, as with {@code java.lang.foreign}), so reading an object's fields beats asking the
     * C API for them; false where each read is a native call (JNA).
     */
    boolean readsMemoryInline();

    /** Copies {@code length} bytes of native memory starting at {@code address}. */
    byte[] readBytes(long address, int length);
}
