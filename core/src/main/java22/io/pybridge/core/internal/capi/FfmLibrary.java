package io.pybridge.core.internal.capi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Optional;

/**
 * libpython opened through {@code java.lang.foreign}, and the downcall handles made from it.
 *
 * <p>libpython is opened with {@code dlopen(RTLD_NOW | RTLD_GLOBAL)}, called through the linker
 * itself: C extension modules ({@code _json}, numpy…) are built without a link to libpython and
 * resolve its symbols from the process's global namespace, and
 * {@link SymbolLookup#libraryLookup(Path, Arena)} opens libraries {@code RTLD_LOCAL}. The
 * library lookup is then used only to find symbols (a second {@code dlopen} of an already global
 * library keeps it global).
 *
 * <p>Every C pointer crosses as a {@code long} ({@code JAVA_LONG}), not as an {@code ADDRESS}:
 * on the 64-bit x86-64 and AArch64 C calling conventions a pointer and a 64-bit integer travel
 * in the same registers, and a {@code long} costs no {@link MemorySegment} per argument.
 */
final class FfmLibrary {

    /** {@code RTLD_NOW}: 2 on Linux and macOS. */
    private static final int RTLD_NOW = 0x2;

    /** {@code RTLD_GLOBAL}: 0x100 on Linux, 0x8 on macOS. */
    private static final int RTLD_GLOBAL = System.getProperty("os.name", "").startsWith("Mac") ? 0x8 : 0x100;

    static final Linker LINKER = Linker.nativeLinker();

    /**
     * For functions that never block, never run Python code and never allocate a garbage
     * collected Python object (which on 3.11 may start a collection, running finalizers): the
     * linker may skip the Java-to-native thread state transition. Such a call must not call back
     * into Java (an upcall from a critical function is undefined behaviour), hence the short list.
     */
    static final Linker.Option CRITICAL = Linker.Option.critical(false);

    /** The whole address space as one segment, for reading and writing C memory by address. */
    static final MemorySegment EVERYTHING = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    /** Set once by {@link #open}, before {@link FfmCApi}'s handles are made. */
    private static volatile SymbolLookup symbols;

    private FfmLibrary() {
    }

    /**
     * Opens libpython globally and keeps it open for the life of the process.
     *
     * @throws UnsatisfiedLinkError if it cannot be opened
     */
    static void open(Path library) {
        MethodHandle dlopen = LINKER.downcallHandle(lookupC("dlopen"), FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
        MethodHandle dlerror = LINKER.downcallHandle(lookupC("dlerror"), FunctionDescriptor.of(ADDRESS));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment handle = (MemorySegment) dlopen.invokeExact(arena.allocateFrom(library.toString()),
                    RTLD_NOW | RTLD_GLOBAL);
            if (handle.address() == 0) {
                MemorySegment error = (MemorySegment) dlerror.invokeExact();
                String reason = error.address() == 0 ? "unknown error" : error.reinterpret(4096).getString(0);
                throw new UnsatisfiedLinkError("Cannot load " + library + ": " + reason);
            }
        }
        catch (UnsatisfiedLinkError | IllegalCallerException ex) {
            throw ex;
        }
        catch (Throwable ex) {
            throw new UnsatisfiedLinkError("Cannot load " + library + ": " + ex);
        }
        symbols = SymbolLookup.libraryLookup(library, Arena.global());
    }

    private static MemorySegment lookupC(String name) {
        return LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("the C library has no " + name));
    }

    /** The address of an exported symbol of libpython, if it has one. */
    static Optional<MemorySegment> find(String name) {
        return symbols.find(name);
    }

    /**
     * A downcall handle for a function libpython must export.
     *
     * @throws UnsatisfiedLinkError if it does not
     */
    static MethodHandle function(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        MemorySegment address = find(name).orElseThrow(() -> new UnsatisfiedLinkError("libpython has no " + name));
        return LINKER.downcallHandle(address, descriptor, options);
    }

    /** A downcall handle for a function only some versions export, or {@code null}. */
    static MethodHandle optionalFunction(String name, FunctionDescriptor descriptor) {
        return find(name).map(address -> LINKER.downcallHandle(address, descriptor)).orElse(null);
    }

    /**
     * What a downcall's {@code invokeExact} threw: nothing but errors the JVM raises can come out
     * of a C function, and those propagate as they are.
     */
    static RuntimeException unexpected(Throwable thrown) {
        if (thrown instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (thrown instanceof Error error) {
            throw error;
        }
        throw new IllegalStateException("a native call failed", thrown);
    }
}
