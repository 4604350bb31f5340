package io.pybridge.core.internal.capi;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.MemorySegment;
import java.nio.Buffer;

/**
 * {@link CApi} over {@code java.lang.foreign} (JDK 22+): each C function is a downcall handle in
 * a {@code static final} field, which the JIT treats as a constant and links straight into the
 * calling code; there is no JNI stub, no reflection and no argument marshalling object.
 *
 * <p>The functions are declared one concern per class, as CPython's headers group them, and the
 * classes are stacked in one line of inheritance: {@link FfmInterpreters} ← {@link FfmThreads} ←
 * {@link FfmObjects} ← {@link FfmErrors} ← {@link FfmCode} ← {@link FfmConversions} ←
 * {@link FfmContainers} ← this class, which adds memory access, symbols and upcalls. The stack
 * keeps the binding one object with no forwarding code: a call through {@link CApi} is the same
 * single virtual call into the class that declares it (each layer only adds functions, none
 * overrides another's), and each layer's handles stay {@code static final} constants of its own.
 *
 * <p>The handles are made when these classes initialize (superclasses first), which
 * {@link FfmBinding#load} triggers only after {@link FfmLibrary#open} has opened libpython: the
 * binding can be made once per process, like libpython itself. Arguments C wants by pointer
 * (C strings, argument arrays, out-parameters) go through the calling thread's
 * {@link FfmScratch}. Memory is read and written through {@link FfmLibrary#EVERYTHING} with no
 * native call at all ({@code ob_type}, UTF-8 buffers, numpy data).
 *
 * <p>Compiled for Java 22 into {@code META-INF/versions/22} of the multi-release jar;
 * {@link CApiLoader} reaches it by name, never by a linked reference, so JDK 17 never loads it.
 */
final class FfmCApi extends FfmContainers {

    /** {@code PyExc_SystemError}, raised when a Java function behind a Python callable throws past its own handling. */
    private final long systemError;

    /** Made by {@link FfmBinding#load} once libpython is open: initializing the layers makes the handles. */
    FfmCApi() {
        this.systemError = readWord(symbol("PyExc_SystemError"), 0);
    }

    @Override
    public String bindingName() {
        return "FFM";
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

    // ---- symbols and memory: plain Java accesses, no native call ----

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
}
