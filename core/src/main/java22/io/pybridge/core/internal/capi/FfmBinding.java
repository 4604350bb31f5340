package io.pybridge.core.internal.capi;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The entry point {@link CApiLoader} reaches by name on JDK 22+: opens libpython, then makes the
 * {@link FfmCApi} whose class initialization (its layers' first) looks its functions up. Apart
 * from {@code FfmCApi} because calling a static method of that class would initialize it before
 * the library is open.
 */
public final class FfmBinding {

    /** Only one libpython per process, as for JNA's direct mapping. */
    private static final AtomicBoolean LOADED = new AtomicBoolean();

    private FfmBinding() {
    }

    /**
     * Opens libpython at {@code libraryPath} and makes the downcall handles.
     *
     * @throws IllegalStateException if libpython is already bound in this process
     * @throws UnsatisfiedLinkError if it cannot be opened or lacks a required function
     * @throws IllegalCallerException if native access is not enabled for pybridge's module
     */
    public static CApi load(Path libraryPath) {
        if (!LOADED.compareAndSet(false, true)) {
            throw new IllegalStateException("libpython is already bound in this JVM; only one CPython runtime per process is possible");
        }
        try {
            FfmLibrary.open(libraryPath);
            return new FfmCApi();
        }
        catch (ExceptionInInitializerError ex) {
            // A missing symbol while the handles were made: report the link error itself.
            throw ex.getCause() instanceof UnsatisfiedLinkError link ? link : ex;
        }
        catch (RuntimeException | Error ex) {
            LOADED.set(false);
            throw ex;
        }
    }
}
