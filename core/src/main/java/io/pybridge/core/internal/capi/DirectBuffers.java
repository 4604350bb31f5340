package io.pybridge.core.internal.capi;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;

/**
 * Direct buffers of their own over part of another direct buffer's memory.
 *
 * <p>A buffer made with {@code slice()}, {@code duplicate()} or {@code asDoubleBuffer()} keeps a
 * reference to the buffer it came from, the root, and so do all buffers made from it: whether one
 * particular slice is still in use cannot be told from the root's reachability. A buffer made
 * here is a root itself (JNI's {@code NewDirectByteBuffer}, through JNA): every buffer derived
 * from it refers to it, so it becomes unreachable exactly when the last of them does, and a
 * {@link java.lang.ref.Cleaner} registered on it runs then. It does not keep the memory it
 * covers alive: whoever makes one keeps {@code memory} reachable for as long as it can be used.
 */
public final class DirectBuffers {

    private DirectBuffers() {
    }

    /** A new root buffer over {@code length} bytes of {@code memory} from {@code offset}. */
    public static ByteBuffer ownBuffer(ByteBuffer memory, int offset, int length) {
        if (!memory.isDirect()) {
            throw new IllegalArgumentException("not a direct buffer");
        }
        if (offset < 0 || length < 0 || (long) offset + length > memory.capacity()) {
            throw new IndexOutOfBoundsException("bytes " + offset + ".." + ((long) offset + length) + " of a buffer of "
                    + memory.capacity());
        }
        Pointer base = Native.getDirectBufferPointer(memory);
        return base.getByteBuffer(offset, length);
    }
}
