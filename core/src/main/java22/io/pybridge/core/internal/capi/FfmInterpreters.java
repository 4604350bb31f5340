package io.pybridge.core.internal.capi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The interpreters' lives over {@code java.lang.foreign}: the settings read before boot,
 * initialization and finalization, and the 3.12+ sub-interpreters with a GIL of their own
 * (CPython's {@code pylifecycle.h} and the interpreter half of {@code pystate.h}). Everything
 * here runs on the boot thread, at boot or at close, never on a call's path.
 *
 * <p>The first layer of {@link FfmCApi} (see there for why the binding is stacked).
 */
abstract class FfmInterpreters implements CApi {

    /** {@code PyStatus}, returned by value by {@code Py_NewInterpreterFromConfig}. */
    private static final StructLayout PY_STATUS = MemoryLayout.structLayout(JAVA_INT.withName("_type"),
            MemoryLayout.paddingLayout(4), ADDRESS.withName("func"), ADDRESS.withName("err_msg"),
            JAVA_INT.withName("exitcode"), MemoryLayout.paddingLayout(4));

    private static final MethodHandle Py_SetPythonHome = FfmLibrary.function("Py_SetPythonHome", FunctionDescriptor.ofVoid(JAVA_LONG));
    private static final MethodHandle Py_SetProgramName = FfmLibrary.function("Py_SetProgramName", FunctionDescriptor.ofVoid(JAVA_LONG));
    private static final MethodHandle Py_InitializeEx = FfmLibrary.function("Py_InitializeEx", FunctionDescriptor.ofVoid(JAVA_INT));
    private static final MethodHandle Py_IsInitialized = FfmLibrary.function("Py_IsInitialized", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle Py_FinalizeEx = FfmLibrary.function("Py_FinalizeEx", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle PyInterpreterState_Main = FfmLibrary.function("PyInterpreterState_Main", FunctionDescriptor.of(JAVA_LONG));
    private static final MethodHandle PyThreadState_GetInterpreter = FfmLibrary.function("PyThreadState_GetInterpreter", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG));
    private static final MethodHandle Py_EndInterpreter = FfmLibrary.function("Py_EndInterpreter", FunctionDescriptor.ofVoid(JAVA_LONG));
    /** 3.12+ only; {@code null} before. */
    private static final MethodHandle Py_NewInterpreterFromConfig = FfmLibrary.optionalFunction("Py_NewInterpreterFromConfig", FunctionDescriptor.of(PY_STATUS, JAVA_LONG, JAVA_LONG));

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
    public void Py_EndInterpreter(long tstate) {
        try {
            Py_EndInterpreter.invokeExact(tstate);
        }
        catch (Throwable ex) {
            throw FfmLibrary.unexpected(ex);
        }
    }
}
