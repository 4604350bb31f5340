package io.pybridge.core.internal.capi;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * libpython for the JNA binding: opened once per process, and the library every direct-mapped
 * native of {@link JnaCApi}'s layers is bound to.
 *
 * <p>libpython is opened with {@code RTLD_GLOBAL}: C extension modules ({@code _json},
 * {@code _decimal}, numpy…) are built without a link to libpython and resolve its symbols from
 * the process's global namespace, so a local-only load makes every such import fail.
 *
 * <p>Direct-mapped natives are registered on their classes, process-wide: they can be bound to
 * one library only. That library is kept here for what is not a native method (data symbols,
 * {@code Py_NewInterpreterFromConfig}'s struct return through JNA's generic invocation).
 */
final class JnaLibrary {

    private static final int RTLD_NOW = 0x2;

    /** {@code RTLD_GLOBAL} is 0x100 on Linux and 0x8 on macOS. */
    private static final int RTLD_GLOBAL = Platform.isMac() ? 0x8 : 0x100;

    /** Set while a library is bound or being bound. */
    private static final AtomicBoolean BOUND = new AtomicBoolean();

    /** The bound library, once {@link #bind} succeeded. */
    private static volatile @Nullable NativeLibrary library;

    private JnaLibrary() {
    }

    /**
     * Loads libpython from {@code libraryPath} with {@code RTLD_GLOBAL} and registers the natives
     * each class of {@code layers} declares, then those of {@link JnaCApi312} and {@link JnaCApi314} if the library has them.
     *
     * @throws IllegalStateException if the natives are already bound to a library in this process
     * @throws UnsatisfiedLinkError if the library cannot be loaded or lacks a required function
     */
    static void bind(Path libraryPath, List<Class<?>> layers) {
        if (Native.POINTER_SIZE != 8) {
            throw new UnsatisfiedLinkError("pybridge needs a 64-bit JVM (pointer size " + Native.POINTER_SIZE + ")");
        }
        if (!BOUND.compareAndSet(false, true)) {
            throw new IllegalStateException("libpython is already bound in this JVM; only one CPython runtime per process is possible");
        }
        try {
            NativeLibrary opened = NativeLibrary.getInstance(libraryPath.toString(),
                    Map.of(Library.OPTION_OPEN_FLAGS, RTLD_NOW | RTLD_GLOBAL));
            for (Class<?> layer : layers) {
                // Registers the natives this class declares (JNA does not look at inherited ones);
                // a function the library lacks fails here, at load, not at its first call.
                Native.register(layer, opened);
            }
            JnaCApi312.bindIfPresent(opened);
            JnaCApi314.bindIfPresent(opened);
            library = opened;
        }
        catch (RuntimeException | Error ex) {
            BOUND.set(false);
            throw ex;
        }
    }

    /**
     * The library the natives are bound to.
     *
     * @throws IllegalStateException before {@link #bind} succeeded
     */
    static NativeLibrary library() {
        NativeLibrary bound = library;
        if (bound == null) {
            throw new IllegalStateException("libpython is not bound through JNA");
        }
        return bound;
    }
}
