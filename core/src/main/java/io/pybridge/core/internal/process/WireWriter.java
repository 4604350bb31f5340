package io.pybridge.core.internal.process;

import io.pybridge.core.NdArray;
import io.pybridge.core.internal.convert.NumpyCodec;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Writes one frame of the channel (see {@link WireFormat}) from a wire tree: {@code null},
 * {@code Boolean}, {@code Long}/{@code Integer}, {@code BigInteger}, {@code Double}, {@code String},
 * {@code byte[]}, {@code List}, {@code Map}, {@code Set}, {@link NdArray} and
 * {@link WireTree#MISSING}. Byte strings and arrays of {@link WireFormat#ARENA_THRESHOLD} bytes or
 * more are copied into the arena and named by offset; the rest goes into the frame. One writer per
 * worker, used by one thread at a time (the caller holding the worker); its buffer is reused.
 */
final class WireWriter {

    private byte[] buffer = new byte[512];

    private int position;

    /** The shared memory large payloads go to, made on first need. */
    private final ArenaSource arena;

    /** Bytes of the arena this frame has filled. */
    private int arenaUsed;

    /** Gives the writer the arena to fill, sized to at least the bytes asked. */
    interface ArenaSource {
        SharedArena arenaOf(int bytes);
    }

    WireWriter(ArenaSource arena) {
        this.arena = arena;
    }

    /** Starts a frame: its length is filled in by {@link #finish()}. */
    WireWriter begin() {
        position = 4;
        arenaUsed = 0;
        return this;
    }

    /** Ends the frame; returns its length in bytes, header included (see {@link #bytes()}). */
    int finish() {
        int length = position - 4;
        buffer[0] = (byte) length;
        buffer[1] = (byte) (length >>> 8);
        buffer[2] = (byte) (length >>> 16);
        buffer[3] = (byte) (length >>> 24);
        return position;
    }

    /** The frame's bytes (valid up to {@link #finish()}'s length, until the next {@link #begin()}). */
    byte[] bytes() {
        return buffer;
    }

    WireWriter arrayHeader(int size) {
        if (size < 16) {
            writeByte(0x90 | size);
        }
        else if (size < 65536) {
            writeByte(0xdc);
            writeShort(size);
        }
        else {
            writeByte(0xdd);
            writeInt(size);
        }
        return this;
    }

    private void mapHeader(int size) {
        if (size < 16) {
            writeByte(0x80 | size);
        }
        else if (size < 65536) {
            writeByte(0xde);
            writeShort(size);
        }
        else {
            writeByte(0xdf);
            writeInt(size);
        }
    }

    /** Writes one value of the wire tree. */
    WireWriter value(@Nullable Object value) {
        if (value == null) {
            writeByte(0xc0);
        }
        else if (value instanceof String text) {
            string(text);
        }
        else if (value instanceof Long number) {
            integer(number);
        }
        else if (value instanceof Integer number) {
            integer(number);
        }
        else if (value instanceof Double number) {
            ensure(9);
            buffer[position++] = (byte) 0xcb;
            putLong(Double.doubleToRawLongBits(number));
        }
        else if (value instanceof Boolean flag) {
            writeByte(flag ? 0xc3 : 0xc2);
        }
        else if (value instanceof List<?> list) {
            arrayHeader(list.size());
            for (Object item : list) {
                value(item);
            }
        }
        else if (value instanceof Map<?, ?> map) {
            mapHeader(map.size());
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                value(entry.getKey());
                value(entry.getValue());
            }
        }
        else if (value instanceof byte[] bytes) {
            bytes(bytes);
        }
        else if (value instanceof Set<?> set) {
            extension(WireFormat.EXT_SET, () -> {
                arrayHeader(set.size());
                for (Object item : set) {
                    value(item);
                }
            });
        }
        else if (value instanceof NdArray array) {
            ndarray(array);
        }
        else if (value instanceof BigInteger big) {
            if (big.bitLength() < 64) {
                integer(big.longValue());
            }
            else {
                byte[] hex = big.toString(16).getBytes(StandardCharsets.US_ASCII);
                extension(WireFormat.EXT_BIGINT, () -> raw(hex, 0, hex.length));
            }
        }
        else if (value == WireTree.MISSING) {
            extension(WireFormat.EXT_MISSING, () -> { });
        }
        else if (value instanceof Collection<?> collection) {
            arrayHeader(collection.size());
            for (Object item : collection) {
                value(item);
            }
        }
        else {
            throw new IllegalArgumentException("not a wire tree value: " + value.getClass().getName());
        }
        return this;
    }

    private void integer(long number) {
        if (number >= 0 && number < 128) {
            writeByte((int) number);
        }
        else if (number >= -32 && number < 0) {
            writeByte((int) number & 0xff);
        }
        else {
            ensure(9);
            buffer[position++] = (byte) 0xd3;
            putLong(number);
        }
    }

    private void string(String text) {
        int length = text.length();
        if (hasLoneSurrogate(text)) {
            // Python's UTF-8 codec refuses them; UTF-16 with surrogatepass keeps them as they are.
            extension(WireFormat.EXT_STR16, () -> {
                ensure(length * 2);
                for (int i = 0; i < length; i++) {
                    char c = text.charAt(i);
                    buffer[position++] = (byte) c;
                    buffer[position++] = (byte) (c >>> 8);
                }
            });
            return;
        }
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        int n = utf8.length;
        if (n < 32) {
            writeByte(0xa0 | n);
        }
        else if (n < 256) {
            writeByte(0xd9);
            writeByte(n);
        }
        else if (n < 65536) {
            writeByte(0xda);
            writeShort(n);
        }
        else {
            writeByte(0xdb);
            writeInt(n);
        }
        raw(utf8, 0, n);
    }

    static boolean hasLoneSurrogate(String text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return true;
            }
        }
        return false;
    }

    private void bytes(byte[] bytes) {
        int n = bytes.length;
        if (n >= WireFormat.ARENA_THRESHOLD) {
            int offset = place(n);
            arena.arenaOf(offset + n).buffer().put(offset, bytes, 0, n);
            extension(WireFormat.EXT_ARENA_BYTES, () -> {
                arrayHeader(2);
                integer(offset);
                integer(n);
            });
            return;
        }
        binHeader(n);
        raw(bytes, 0, n);
    }

    private void binHeader(int n) {
        if (n < 256) {
            writeByte(0xc4);
            writeByte(n);
        }
        else if (n < 65536) {
            writeByte(0xc5);
            writeShort(n);
        }
        else {
            writeByte(0xc6);
            writeInt(n);
        }
    }

    private void ndarray(NdArray array) {
        NdArray.DType dtype = array.dtype();
        int[] shape = array.shape();
        int length = java.lang.reflect.Array.getLength(array.data());
        int n = length * dtype.size();
        extension(WireFormat.EXT_NDARRAY, () -> {
            arrayHeader(3);
            string(String.valueOf(dtype.code()));
            arrayHeader(shape.length);
            for (int dimension : shape) {
                integer(dimension);
            }
            if (n >= WireFormat.ARENA_THRESHOLD) {
                int offset = place(n);
                ByteBuffer target = arena.arenaOf(offset + n).buffer().slice(offset, n);
                NumpyCodec.copyInto(array, target);
                arrayHeader(2);
                integer(offset);
                integer(n);
            }
            else {
                binHeader(n);
                ensure(n);
                NumpyCodec.copyInto(array, ByteBuffer.wrap(buffer, position, n).slice());
                position += n;
            }
        });
    }

    /** Reserves {@code n} bytes of the arena after what this frame already put there, 64-aligned. */
    private int place(int n) {
        int offset = (arenaUsed + 63) & ~63;
        arenaUsed = offset + n;
        return offset;
    }

    /** An extension value whose payload {@code body} writes; the length is patched in after. */
    private void extension(byte type, Runnable body) {
        ensure(6);
        int start = position;
        position += 6; // ext32 header: code, 4-byte length, type
        body.run();
        int length = position - start - 6;
        buffer[start] = (byte) 0xc9;
        buffer[start + 1] = (byte) (length >>> 24);
        buffer[start + 2] = (byte) (length >>> 16);
        buffer[start + 3] = (byte) (length >>> 8);
        buffer[start + 4] = (byte) length;
        buffer[start + 5] = type;
    }

    private void raw(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, buffer, position, length);
        position += length;
    }

    private void writeByte(int value) {
        ensure(1);
        buffer[position++] = (byte) value;
    }

    private void writeShort(int value) {
        ensure(2);
        buffer[position++] = (byte) (value >>> 8);
        buffer[position++] = (byte) value;
    }

    private void writeInt(int value) {
        ensure(4);
        buffer[position++] = (byte) (value >>> 24);
        buffer[position++] = (byte) (value >>> 16);
        buffer[position++] = (byte) (value >>> 8);
        buffer[position++] = (byte) value;
    }

    private void putLong(long value) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            buffer[position++] = (byte) (value >>> shift);
        }
    }

    private void ensure(int more) {
        if (position + more > buffer.length) {
            buffer = java.util.Arrays.copyOf(buffer, Math.max(buffer.length * 2, position + more));
        }
    }
}
