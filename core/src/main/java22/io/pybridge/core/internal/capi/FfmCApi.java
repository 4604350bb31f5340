package io.pybridge.core.internal.capi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.nio.Buffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * {@link CApi} over {@code java.lang.foreign} (JDK 22+): each C function is a downcall handle in
 * a {@code static final} field, which the JIT treats as a constant and links straight into the
 * calling code; there is no JNI stub, no reflection and no argument marshalling object.
 *
 * <p>The handles are made when this class initializes, which {@link FfmBinding#load} triggers
 * only after {@link FfmLibrary#open} has opened libpython: the class can be used once per
 * process, like libpython itself. Arguments C wants by pointer (C strings, argument arrays, out-parameters)
 * go through the calling thread's {@link FfmScratch}. Memory is read and written through
 * {@link FfmLibrary#EVERYTHING} with no native call at all ({@code ob_type}, UTF-8 buffers,
 * numpy data).
 *
 * <p>Compiled for Java 22 into {@code META-INF/versions/22} of the multi-release jar;
 * {@link CApiLoader} reaches it by name, never by a linked reference, so JDK 17 never loads it.
 */
final class FfmCApi implements CApi {

    /** {@code PY_VECTORCALL_ARGUMENTS_OFFSET}: {@code args[-1]} is ours, so a bound method can prepend {@code self} in place. */
    private static final long VECTORCALL_ARGUMENTS_OFFSET = 1L << 63;

    /** {@code PyStatus}, returned by value by {@code Py_NewInterpreterFromConfig}. */
    private static final StructLayout PY_STATUS = MemoryLayout.structLayout(JAVA_INT.withName("_type"),
            MemoryLayout.paddingLayout(4), ADDRESS.withName("func"), ADDRESS.withName("err_msg"),
            JAVA_INT.withName("exitcode"), MemoryLayout.paddingLayout(4));

    private static final MethodHandle Py_InitializeEx = FfmLibrary.function("Py_InitializeEx", FunctionDescriptor.ofVoid(JAVA_INT));
    private static final MethodHandle Py_IsInitialized = FfmLibrary.function("Py_IsInitialized", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle Py_FinalizeEx = FfmLibrary.function("Py_FinalizeEx", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle PyEval_SaveThread = FfmLibrary.function("PyEval_SaveThread", FunctionDescriptor.of(JAVA_LONG));
    private static final MethodHandle PyEval_RestoreThread = FfmLibrary.function("PyEval_RestoreThread", FunctionDescriptor.ofVoid(JAVA_LONG));
    private static final MethodHandle PyGILState_Ensure = FfmLibrary.function("PyGILState_Ensure", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle PyGILState_GetThisThreadState = FfmLibrary.function("PyGILState_GetThisThreadState", FunctionDescriptor.of(JAVA_LONG), FfmLibrary.CRITICAL);
    private static final MethodHandle PyThreadState_Get = FfmLibrary.function("PyThreadState_Get", FunctionDescriptor.of(JAVA_LONG), FfmLibrary.CRITICAL);
    private static final MethodHandle PyThreadState_New = FfmLibrary.function("PyThreadState_New", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyThreadState_Clear = FfmLibrary.function("PyThreadState_Clear", FunctionDescriptor.ofVoid(JAVA_LONG));
    private static final MethodHandle PyThreadState_Delete = FfmLibrary.function("PyThreadState_Delete", FunctionDescriptor.ofVoid(JAVA_LONG));
    private static final MethodHandle PyInterpreterState_Main = FfmLibrary.function("PyInterpreterState_Main", FunctionDescriptor.of(JAVA_LONG));
    private static final MethodHandle PyThreadState_GetInterpreter = FfmLibrary.function("PyThreadState_GetInterpreter", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
    private static final MethodHandle Py_EndInterpreter = FfmLibrary.function("Py_EndInterpreter", FunctionDescriptor.ofVoid(JAVA_LONG));
    private static final MethodHandle PyThread_get_thread_ident = FfmLibrary.function("PyThread_get_thread_ident", FunctionDescriptor.of(JAVA_LONG), FfmLibrary.CRITICAL);
    private static final MethodHandle PyThreadState_SetAsyncExc = FfmLibrary.function("PyThreadState_SetAsyncExc", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle Py_IncRef = FfmLibrary.function("Py_IncRef", FunctionDescriptor.ofVoid(JAVA_LONG), FfmLibrary.CRITICAL);
    private static final MethodHandle Py_DecRef = FfmLibrary.function("Py_DecRef", FunctionDescriptor.ofVoid(JAVA_LONG));
    private static final MethodHandle PyErr_Occurred = FfmLibrary.function("PyErr_Occurred", FunctionDescriptor.of(JAVA_LONG), FfmLibrary.CRITICAL);
    private static final MethodHandle PyErr_Clear = FfmLibrary.function("PyErr_Clear", FunctionDescriptor.ofVoid());
    private static final MethodHandle PyErr_SetString = FfmLibrary.function("PyErr_SetString", FunctionDescriptor.ofVoid(JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyErr_SetObject = FfmLibrary.function("PyErr_SetObject", FunctionDescriptor.ofVoid(JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyObject_GetAttrString = FfmLibrary.function("PyObject_GetAttrString", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyObject_SetAttrString = FfmLibrary.function("PyObject_SetAttrString", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyObject_Str = FfmLibrary.function("PyObject_Str", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyObject_Repr = FfmLibrary.function("PyObject_Repr", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyFrame_GetCode = FfmLibrary.function("PyFrame_GetCode", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyObject_VectorcallDict = FfmLibrary.function("PyObject_VectorcallDict", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyCFunction_NewEx = FfmLibrary.function("PyCFunction_NewEx", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyCapsule_New = FfmLibrary.function("PyCapsule_New", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyCapsule_GetPointer = FfmLibrary.function("PyCapsule_GetPointer", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG), FfmLibrary.CRITICAL);
    private static final MethodHandle PyObject_RichCompareBool = FfmLibrary.function("PyObject_RichCompareBool", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));
    private static final MethodHandle PyObject_Hash = FfmLibrary.function("PyObject_Hash", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyObject_Length = FfmLibrary.function("PyObject_Length", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyObject_GetItem = FfmLibrary.function("PyObject_GetItem", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyObject_SetItem = FfmLibrary.function("PyObject_SetItem", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyObject_GetAttr = FfmLibrary.function("PyObject_GetAttr", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyGILState_Check = FfmLibrary.function("PyGILState_Check", FunctionDescriptor.of(JAVA_INT), FfmLibrary.CRITICAL);
    private static final MethodHandle PyCallable_Check = FfmLibrary.function("PyCallable_Check", FunctionDescriptor.of(JAVA_INT, JAVA_LONG));
    private static final MethodHandle PyObject_GetIter = FfmLibrary.function("PyObject_GetIter", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyIter_Next = FfmLibrary.function("PyIter_Next", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyType_GetFlags = FfmLibrary.function("PyType_GetFlags", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG), FfmLibrary.CRITICAL);
    private static final MethodHandle PyType_IsSubtype = FfmLibrary.function("PyType_IsSubtype", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG), FfmLibrary.CRITICAL);
    private static final MethodHandle PyImport_ImportModule = FfmLibrary.function("PyImport_ImportModule", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyImport_AddModule = FfmLibrary.function("PyImport_AddModule", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyModule_GetDict = FfmLibrary.function("PyModule_GetDict", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG), FfmLibrary.CRITICAL);
    private static final MethodHandle Py_CompileString = FfmLibrary.function("Py_CompileString", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT));
    private static final MethodHandle PyEval_EvalCode = FfmLibrary.function("PyEval_EvalCode", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyFunction_New = FfmLibrary.function("PyFunction_New", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG));
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
    private static final MethodHandle PyUnicode_AsEncodedString = FfmLibrary.function("PyUnicode_AsEncodedString", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyBytes_FromStringAndSize = FfmLibrary.function("PyBytes_FromStringAndSize", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyBytes_AsString = FfmLibrary.function("PyBytes_AsString", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyBytes_Size = FfmLibrary.function("PyBytes_Size", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG), FfmLibrary.CRITICAL);
    private static final MethodHandle PyByteArray_AsString = FfmLibrary.function("PyByteArray_AsString", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyByteArray_Size = FfmLibrary.function("PyByteArray_Size", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyList_New = FfmLibrary.function("PyList_New", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyList_SetItem = FfmLibrary.function("PyList_SetItem", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyList_GetItem = FfmLibrary.function("PyList_GetItem", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG), FfmLibrary.CRITICAL);
    private static final MethodHandle PyList_Size = FfmLibrary.function("PyList_Size", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG), FfmLibrary.CRITICAL);
    private static final MethodHandle PyTuple_New = FfmLibrary.function("PyTuple_New", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyTuple_SetItem = FfmLibrary.function("PyTuple_SetItem", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyTuple_GetItem = FfmLibrary.function("PyTuple_GetItem", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG), FfmLibrary.CRITICAL);
    private static final MethodHandle PyTuple_Size = FfmLibrary.function("PyTuple_Size", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG), FfmLibrary.CRITICAL);
    private static final MethodHandle PyDict_New = FfmLibrary.function("PyDict_New", FunctionDescriptor.of(JAVA_LONG));
    private static final MethodHandle PyDict_Copy = FfmLibrary.function("PyDict_Copy", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyDict_SetItem = FfmLibrary.function("PyDict_SetItem", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyDict_SetItemString = FfmLibrary.function("PyDict_SetItemString", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyDict_GetItemString = FfmLibrary.function("PyDict_GetItemString", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyDict_Next = FfmLibrary.function("PyDict_Next", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyDict_Size = FfmLibrary.function("PyDict_Size", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG), FfmLibrary.CRITICAL);
    private static final MethodHandle PySet_New = FfmLibrary.function("PySet_New", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PySet_Add = FfmLibrary.function("PySet_Add", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PySet_Size = FfmLibrary.function("PySet_Size", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG), FfmLibrary.CRITICAL);
    private static final MethodHandle Py_SetPythonHome = FfmLibrary.function("Py_SetPythonHome", FunctionDescriptor.ofVoid(JAVA_LONG));
    private static final MethodHandle Py_SetProgramName = FfmLibrary.function("Py_SetProgramName", FunctionDescriptor.ofVoid(JAVA_LONG));
    private static final MethodHandle PyErr_Fetch = FfmLibrary.function("PyErr_Fetch", FunctionDescriptor.ofVoid(JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyErr_NormalizeException = FfmLibrary.function("PyErr_NormalizeException", FunctionDescriptor.ofVoid(JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PyException_SetTraceback = FfmLibrary.function("PyException_SetTraceback", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG));
    /** Not critical: a str with lone surrogates raises UnicodeEncodeError, a GC-tracked allocation (3.11 may collect there). */
    private static final MethodHandle PyUnicode_AsUTF8AndSize = FfmLibrary.function("PyUnicode_AsUTF8AndSize", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG));
    /** 3.12+ only; {@code null} before. */
    private static final MethodHandle PyErr_GetRaisedException = FfmLibrary.optionalFunction("PyErr_GetRaisedException", FunctionDescriptor.of(JAVA_LONG));
    /** 3.12+ only; {@code null} before. */
    private static final MethodHandle Py_NewInterpreterFromConfig = FfmLibrary.optionalFunction("Py_NewInterpreterFromConfig", FunctionDescriptor.of(PY_STATUS, JAVA_LONG, JAVA_LONG));

    /** {@code PyExc_SystemError}, raised when a Java function behind a Python callable throws past its own handling. */
    private final long systemError;

    /** Made by {@link FfmBinding#load} once libpython is open: this class's initialization makes the handles. */
    FfmCApi() {
        this.systemError = readWord(symbol("PyExc_SystemError"), 0);
    }

    @Override
    public String bindingName() {
        return "FFM";
    }

    // ---- the functions that are not a plain downcall ----

    @Override
    public void Py_SetPythonHome(String home) {
        wide(Py_SetPythonHome, home);
    }

    @Override
    public void Py_SetProgramName(String name) {
        wide(Py_SetProgramName, name);
    }

    /** Calls {@code function} with {@code text} as a NUL-terminated {@code wchar_t*}; CPython copies it. */
    private static void wide(MethodHandle function, String text) {
        boolean windows = System.getProperty("os.name", "").startsWith("Windows");
        byte[] encoded = (text + "\0").getBytes(windows ? StandardCharsets.UTF_16LE : utf32());
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment wide = arena.allocate(encoded.length, 4);
            MemorySegment.copy(encoded, 0, wide, JAVA_BYTE, 0, encoded.length);
            function.invokeExact(wide.address());
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    /** {@code wchar_t} is 32 bits, in the platform's byte order, on Linux and macOS. */
    private static java.nio.charset.Charset utf32() {
        return java.nio.charset.Charset.forName(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? "UTF-32LE" : "UTF-32BE");
    }

    @Override
    public long takeRaisedException() {
        try {
            if (PyErr_GetRaisedException != null) {
                return (long) PyErr_GetRaisedException.invokeExact();
            }
            FfmScratch scratch = FfmScratch.current();
            long mark = scratch.mark();
            try {
                long cells = scratch.zeroed(3L * Long.BYTES);
                long typeCell = cells;
                long valueCell = cells + Long.BYTES;
                long tracebackCell = cells + 2L * Long.BYTES;
                PyErr_Fetch.invokeExact(typeCell, valueCell, tracebackCell);
                if (readWord(typeCell, 0) == 0) {
                    return 0;
                }
                // May run the exception's __init__ (Python code, which may re-enter): the cells
                // are this frame's, pushed on the thread's scratch stack.
                PyErr_NormalizeException.invokeExact(typeCell, valueCell, tracebackCell);
                long type = readWord(typeCell, 0);
                long value = readWord(valueCell, 0);
                long traceback = readWord(tracebackCell, 0);
                if (traceback != 0) {
                    int ignored = (int) PyException_SetTraceback.invokeExact(value, traceback);
                }
                Py_DecRef(type);
                Py_DecRef(traceback);
                return value; // the reference Fetch handed over
            }
            finally {
                scratch.reset(mark);
            }
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public boolean hasSubInterpreterApi() {
        return Py_NewInterpreterFromConfig != null;
    }

    @Override
    public long newIsolatedInterpreter() {
        int[] config = IsolatedInterpreterConfig.fields();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment tstate = arena.allocate(JAVA_LONG);
            MemorySegment configSegment = arena.allocate((long) config.length * Integer.BYTES, 8);
            MemorySegment.copy(config, 0, configSegment, JAVA_INT, 0, config.length);
            MemorySegment status = (MemorySegment) Py_NewInterpreterFromConfig.invokeExact(
                    (java.lang.foreign.SegmentAllocator) arena, tstate.address(), configSegment.address());
            if (status.get(JAVA_INT, 0) != 0) {
                MemorySegment func = status.get(ADDRESS, 8);
                MemorySegment message = status.get(ADDRESS, 16);
                String where = func.address() == 0 ? "" : func.reinterpret(1024).getString(0) + ": ";
                String text = message.address() == 0 ? "unknown error" : message.reinterpret(4096).getString(0);
                throw new IllegalStateException(where + text);
            }
            return tstate.get(JAVA_LONG, 0);
        }
        catch (IllegalStateException ex) {
            throw ex;
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyObject_VectorcallDict(long callable, long[] args, long nargs, long kwargs) {
        FfmScratch scratch = FfmScratch.current();
        long mark = scratch.mark();
        try {
            // One free word before the arguments: callees such as bound methods put self there
            // instead of copying the array.
            long argv = scratch.words(args, 1);
            return (long) PyObject_VectorcallDict.invokeExact(callable, argv, nargs | VECTORCALL_ARGUMENTS_OFFSET, kwargs);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
        finally {
            scratch.reset(mark);
        }
    }

    @Override
    public int PyDict_Next(long dict, long[] position, long[] key, long[] value) {
        FfmScratch scratch = FfmScratch.current();
        long mark = scratch.mark();
        try {
            long positionCell = scratch.words(position, 0);
            long keyCell = scratch.words(key, 0);
            long valueCell = scratch.words(value, 0);
            int more = (int) PyDict_Next.invokeExact(dict, positionCell, keyCell, valueCell);
            FfmScratch.copyBack(positionCell, position);
            FfmScratch.copyBack(keyCell, key);
            FfmScratch.copyBack(valueCell, value);
            return more;
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

    // ---- upcalls ----

    @Override
    public long newMethodDef(String name, MethodTarget target) {
        return FfmUpcalls.methodDef(name, target, this::raiseSystemError);
    }

    /** Sets a Python {@code SystemError} naming a throwable that escaped a Java function (GIL held). */
    private void raiseSystemError(Throwable thrown) {
        PyErr_SetString(systemError, CStrings.of("a Java function called from Python failed: " + thrown));
    }

    @Override
    public long newCapsuleDestructor(DestructorTarget target) {
        return FfmUpcalls.capsuleDestructor(target);
    }

    // ---- memory: plain Java accesses, no native call ----

    @Override
    public long symbol(String name) {
        return FfmLibrary.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libpython has no symbol " + name))
                .address();
    }

    @Override
    public long readWord(long address, long offset) {
        return FfmLibrary.EVERYTHING.get(JAVA_LONG_UNALIGNED, address + offset);
    }

    @Override
    public boolean readsMemoryInline() {
        return true; // EVERYTHING.get compiles to a load
    }

    @Override
    public byte[] readBytes(long address, int length) {
        byte[] bytes = new byte[length];
        MemorySegment.copy(FfmLibrary.EVERYTHING, JAVA_BYTE, address, bytes, 0, length);
        return bytes;
    }

    @Override
    public void copyToNative(Object array, long address) {
        MemorySegment all = FfmLibrary.EVERYTHING;
        if (array instanceof double[] values) {
            MemorySegment.copy(values, 0, all, JAVA_DOUBLE_UNALIGNED, address, values.length);
        }
        else if (array instanceof float[] values) {
            MemorySegment.copy(values, 0, all, JAVA_FLOAT_UNALIGNED, address, values.length);
        }
        else if (array instanceof long[] values) {
            MemorySegment.copy(values, 0, all, JAVA_LONG_UNALIGNED, address, values.length);
        }
        else if (array instanceof int[] values) {
            MemorySegment.copy(values, 0, all, JAVA_INT_UNALIGNED, address, values.length);
        }
        else if (array instanceof byte[] values) {
            MemorySegment.copy(values, 0, all, JAVA_BYTE, address, values.length);
        }
        else {
            throw new IllegalArgumentException("not a supported primitive array: " + array.getClass());
        }
    }

    @Override
    public void copyFromNative(long address, Object array) {
        MemorySegment all = FfmLibrary.EVERYTHING;
        if (array instanceof double[] values) {
            MemorySegment.copy(all, JAVA_DOUBLE_UNALIGNED, address, values, 0, values.length);
        }
        else if (array instanceof float[] values) {
            MemorySegment.copy(all, JAVA_FLOAT_UNALIGNED, address, values, 0, values.length);
        }
        else if (array instanceof long[] values) {
            MemorySegment.copy(all, JAVA_LONG_UNALIGNED, address, values, 0, values.length);
        }
        else if (array instanceof int[] values) {
            MemorySegment.copy(all, JAVA_INT_UNALIGNED, address, values, 0, values.length);
        }
        else if (array instanceof byte[] values) {
            MemorySegment.copy(all, JAVA_BYTE, address, values, 0, values.length);
        }
        else {
            throw new IllegalArgumentException("not a supported primitive array: " + array.getClass());
        }
    }

    @Override
    public long addressOf(Buffer directBuffer) {
        return MemorySegment.ofBuffer(directBuffer.duplicate().position(0)).address();
    }

    // ---- plain downcalls ----

    @Override
    public void Py_InitializeEx(int initsigs) {
        try {
            Py_InitializeEx.invokeExact(initsigs);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public int Py_IsInitialized() {
        try {
            return (int) Py_IsInitialized.invokeExact();
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public int Py_FinalizeEx() {
        try {
            return (int) Py_FinalizeEx.invokeExact();
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyEval_SaveThread() {
        try {
            return (long) PyEval_SaveThread.invokeExact();
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public void PyEval_RestoreThread(long tstate) {
        try {
            PyEval_RestoreThread.invokeExact(tstate);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public int PyGILState_Ensure() {
        try {
            return (int) PyGILState_Ensure.invokeExact();
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyGILState_GetThisThreadState() {
        try {
            return (long) PyGILState_GetThisThreadState.invokeExact();
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyThreadState_Get() {
        try {
            return (long) PyThreadState_Get.invokeExact();
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyThreadState_New(long interp) {
        try {
            return (long) PyThreadState_New.invokeExact(interp);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public void PyThreadState_Clear(long tstate) {
        try {
            PyThreadState_Clear.invokeExact(tstate);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public void PyThreadState_Delete(long tstate) {
        try {
            PyThreadState_Delete.invokeExact(tstate);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyInterpreterState_Main() {
        try {
            return (long) PyInterpreterState_Main.invokeExact();
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyThreadState_GetInterpreter(long tstate) {
        try {
            return (long) PyThreadState_GetInterpreter.invokeExact(tstate);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public void Py_EndInterpreter(long tstate) {
        try {
            Py_EndInterpreter.invokeExact(tstate);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyThread_get_thread_ident() {
        try {
            return (long) PyThread_get_thread_ident.invokeExact();
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public int PyThreadState_SetAsyncExc(long id, long exc) {
        try {
            return (int) PyThreadState_SetAsyncExc.invokeExact(id, exc);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public void Py_IncRef(long obj) {
        try {
            Py_IncRef.invokeExact(obj);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public void Py_DecRef(long obj) {
        try {
            Py_DecRef.invokeExact(obj);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyErr_Occurred() {
        try {
            return (long) PyErr_Occurred.invokeExact();
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public void PyErr_Clear() {
        try {
            PyErr_Clear.invokeExact();
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public void PyErr_SetString(long type, byte[] message) {
        FfmScratch scratch = FfmScratch.current();
        long mark = scratch.mark();
        try {
            PyErr_SetString.invokeExact(type, scratch.cString(message));
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
        finally {
            scratch.reset(mark);
        }
    }

    @Override
    public void PyErr_SetObject(long type, long value) {
        try {
            PyErr_SetObject.invokeExact(type, value);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyObject_GetAttrString(long obj, byte[] name) {
        FfmScratch scratch = FfmScratch.current();
        long mark = scratch.mark();
        try {
            return (long) PyObject_GetAttrString.invokeExact(obj, scratch.cString(name));
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
        finally {
            scratch.reset(mark);
        }
    }

    @Override
    public int PyObject_SetAttrString(long obj, byte[] name, long value) {
        FfmScratch scratch = FfmScratch.current();
        long mark = scratch.mark();
        try {
            return (int) PyObject_SetAttrString.invokeExact(obj, scratch.cString(name), value);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
        finally {
            scratch.reset(mark);
        }
    }

    @Override
    public long PyObject_Str(long obj) {
        try {
            return (long) PyObject_Str.invokeExact(obj);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyFrame_GetCode(long frame) {
        try {
            return (long) PyFrame_GetCode.invokeExact(frame);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyObject_Repr(long obj) {
        try {
            return (long) PyObject_Repr.invokeExact(obj);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyCFunction_NewEx(long methodDef, long self, long module) {
        try {
            return (long) PyCFunction_NewEx.invokeExact(methodDef, self, module);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyCapsule_New(long pointer, long name, long destructor) {
        try {
            return (long) PyCapsule_New.invokeExact(pointer, name, destructor);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyCapsule_GetPointer(long capsule, long name) {
        try {
            return (long) PyCapsule_GetPointer.invokeExact(capsule, name);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public int PyObject_RichCompareBool(long a, long b, int op) {
        try {
            return (int) PyObject_RichCompareBool.invokeExact(a, b, op);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyObject_Hash(long obj) {
        try {
            return (long) PyObject_Hash.invokeExact(obj);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyObject_Length(long obj) {
        try {
            return (long) PyObject_Length.invokeExact(obj);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyObject_GetItem(long obj, long key) {
        try {
            return (long) PyObject_GetItem.invokeExact(obj, key);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public int PyObject_SetItem(long obj, long key, long value) {
        try {
            return (int) PyObject_SetItem.invokeExact(obj, key, value);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyObject_GetAttr(long obj, long name) {
        try {
            return (long) PyObject_GetAttr.invokeExact(obj, name);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public int PyGILState_Check() {
        try {
            return (int) PyGILState_Check.invokeExact();
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public int PyCallable_Check(long obj) {
        try {
            return (int) PyCallable_Check.invokeExact(obj);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyObject_GetIter(long obj) {
        try {
            return (long) PyObject_GetIter.invokeExact(obj);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyIter_Next(long iterator) {
        try {
            return (long) PyIter_Next.invokeExact(iterator);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyType_GetFlags(long type) {
        try {
            return (long) PyType_GetFlags.invokeExact(type);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public int PyType_IsSubtype(long a, long b) {
        try {
            return (int) PyType_IsSubtype.invokeExact(a, b);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyImport_ImportModule(byte[] name) {
        FfmScratch scratch = FfmScratch.current();
        long mark = scratch.mark();
        try {
            return (long) PyImport_ImportModule.invokeExact(scratch.cString(name));
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
        finally {
            scratch.reset(mark);
        }
    }

    @Override
    public long PyImport_AddModule(byte[] name) {
        FfmScratch scratch = FfmScratch.current();
        long mark = scratch.mark();
        try {
            return (long) PyImport_AddModule.invokeExact(scratch.cString(name));
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
        finally {
            scratch.reset(mark);
        }
    }

    @Override
    public long PyModule_GetDict(long module) {
        try {
            return (long) PyModule_GetDict.invokeExact(module);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long Py_CompileString(byte[] source, byte[] filename, int start) {
        FfmScratch scratch = FfmScratch.current();
        long mark = scratch.mark();
        try {
            return (long) Py_CompileString.invokeExact(scratch.cString(source), scratch.cString(filename), start);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
        finally {
            scratch.reset(mark);
        }
    }

    @Override
    public long PyEval_EvalCode(long code, long globals, long locals) {
        try {
            return (long) PyEval_EvalCode.invokeExact(code, globals, locals);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyFunction_New(long code, long globals) {
        try {
            return (long) PyFunction_New.invokeExact(code, globals);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

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

    @Override
    public long PyList_New(long size) {
        try {
            return (long) PyList_New.invokeExact(size);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public int PyList_SetItem(long list, long index, long item) {
        try {
            return (int) PyList_SetItem.invokeExact(list, index, item);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyList_GetItem(long list, long index) {
        try {
            return (long) PyList_GetItem.invokeExact(list, index);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyList_Size(long list) {
        try {
            return (long) PyList_Size.invokeExact(list);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyTuple_New(long size) {
        try {
            return (long) PyTuple_New.invokeExact(size);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public int PyTuple_SetItem(long tuple, long index, long item) {
        try {
            return (int) PyTuple_SetItem.invokeExact(tuple, index, item);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyTuple_GetItem(long tuple, long index) {
        try {
            return (long) PyTuple_GetItem.invokeExact(tuple, index);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyTuple_Size(long tuple) {
        try {
            return (long) PyTuple_Size.invokeExact(tuple);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyDict_New() {
        try {
            return (long) PyDict_New.invokeExact();
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PyDict_Copy(long dict) {
        try {
            return (long) PyDict_Copy.invokeExact(dict);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public int PyDict_SetItem(long dict, long key, long value) {
        try {
            return (int) PyDict_SetItem.invokeExact(dict, key, value);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public int PyDict_SetItemString(long dict, byte[] key, long value) {
        FfmScratch scratch = FfmScratch.current();
        long mark = scratch.mark();
        try {
            return (int) PyDict_SetItemString.invokeExact(dict, scratch.cString(key), value);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
        finally {
            scratch.reset(mark);
        }
    }

    @Override
    public long PyDict_GetItemString(long dict, byte[] key) {
        FfmScratch scratch = FfmScratch.current();
        long mark = scratch.mark();
        try {
            return (long) PyDict_GetItemString.invokeExact(dict, scratch.cString(key));
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
        finally {
            scratch.reset(mark);
        }
    }

    @Override
    public long PyDict_Size(long dict) {
        try {
            return (long) PyDict_Size.invokeExact(dict);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PySet_New(long iterable) {
        try {
            return (long) PySet_New.invokeExact(iterable);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public int PySet_Add(long set, long key) {
        try {
            return (int) PySet_Add.invokeExact(set, key);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }

    @Override
    public long PySet_Size(long set) {
        try {
            return (long) PySet_Size.invokeExact(set);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }
}
