package io.pybridge.core.internal.capi;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link CApi} over JNA <em>direct mapping</em>: each C function is a native method, bound once
 * with {@code Native.register}, so the interface is implemented with no forwarding code. Direct
 * mapping with {@code long} handles measured ~60 ns per crossing against ~280 ns for JNA
 * interface mapping, and a call is ~9 crossings. {@code CApiBindingTest} checks that every
 * {@link CApi} function is a native of this class or of a layer above it.
 *
 * <p>The natives are declared one concern per class, as CPython's headers group them, and the
 * classes are stacked in one line of inheritance: {@link JnaInterpreters} ← {@link JnaThreads} ←
 * {@link JnaObjects} ← {@link JnaErrors} ← {@link JnaCode} ← {@link JnaConversions} ←
 * {@link JnaContainers} ← this class, which adds memory access, symbols and upcalls (the same
 * concerns as the FFM binding's layers). The binding stays one object and a call stays one
 * virtual call straight into the native; each layer only adds functions, none overrides
 * another's. JNA binds the natives a class declares, not those it inherits, so
 * {@link JnaLibrary#bind} registers every layer ({@link #layers()}) for itself.
 *
 * <p>Package-private, as its layers are: a public class inheriting public methods from a
 * package-private one gets a forwarding "visibility bridge" per method from javac, one more
 * frame on every call.
 */
final class JnaCApi extends JnaContainers {

    private JnaCApi() {
    }

    /**
     * Loads libpython from {@code libraryPath} with {@code RTLD_GLOBAL} and binds the natives.
     *
     * @throws IllegalStateException if the natives are already bound to a library in this process
     * @throws UnsatisfiedLinkError if the library cannot be loaded or lacks a required function
     */
    static JnaCApi load(Path libraryPath) {
        JnaLibrary.bind(libraryPath, layers());
        return new JnaCApi();
    }

    /** This class and every layer above it, top first: the classes whose natives must be registered. */
    static List<Class<?>> layers() {
        List<Class<?>> layers = new ArrayList<>();
        for (Class<?> layer = JnaCApi.class; layer != Object.class; layer = layer.getSuperclass()) {
            layers.add(0, layer);
        }
        return layers;
    }

    @Override
    public String bindingName() {
        return "JNA";
    }

    // ---- upcalls ----

    @Override
    public long newMethodDef(String name, MethodTarget target) {
        return JnaUpcalls.methodDef(name, target);
    }

    @Override
    public long newCapsuleDestructor(DestructorTarget target) {
        return JnaUpcalls.capsuleDestructor(target);
    }

    // ---- symbols and memory ----

    @Override
    public long symbol(String name) {
        return Pointer.nativeValue(JnaLibrary.library().getGlobalVariableAddress(name));
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
}
