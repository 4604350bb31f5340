package io.pybridge.core.internal.process;

import io.pybridge.core.NdArray;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/**
 * Reads one msgpack value of a frame (see {@link WireFormat}) into a wire tree: {@code null},
 * {@code Boolean}, {@code Long} (every int that fits), {@code BigInteger}, {@code Double},
 * {@code String}, {@code byte[]}, {@code ArrayList}, {@code LinkedHashMap}, {@code LinkedHashSet},
 * {@link NdArray}, {@link NdArray.NumpyView}, {@link WireTree#MISSING}. Payloads the worker put
 * in its arena are copied out of it here, so nothing read refers to memory the next call may
 * overwrite. Arrays it put in a result block (the caller asked for a view) become views over that
 * block, which stays theirs while they live ({@link ResultBlocks}).
 */
final class WireReader {

    private final byte[] data;

    private int position;

    /** The sender's arena, sized to hold at least the bytes asked for. */
    private final IntFunction<ByteBuffer> arena;

    /** Makes the views of arrays the worker left in shared memory for the caller to read in place. */
    @FunctionalInterface
    interface Views {

        /** A view of {@code length} bytes from {@code offset} of result block {@code block} (-1: the request arena). */
        NdArray.NumpyView view(long block, NdArray.DType dtype, int[] shape, int offset, int length);
    }

    private final Views blocks;

    WireReader(byte[] data, int offset, IntFunction<ByteBuffer> arena, Views blocks) {
        this.data = data;
        this.position = offset;
        this.arena = arena;
        this.blocks = blocks;
    }

    @Nullable Object value() {
        int code = data[position++] & 0xff;
        if (code < 0x80) {
            return (long) code;
        }
        if (code >= 0xe0) {
            return (long) (code - 0x100);
        }
        if (code >= 0xa0 && code <= 0xbf) {
            return string(code & 0x1f);
        }
        if (code >= 0x90 && code <= 0x9f) {
            return array(code & 0x0f);
        }
        if (code >= 0x80 && code <= 0x8f) {
            return map(code & 0x0f);
        }
        return switch (code) {
            case 0xc0 -> null;
            case 0xc2 -> Boolean.FALSE;
            case 0xc3 -> Boolean.TRUE;
            case 0xcb -> Double.longBitsToDouble(readLong());
            case 0xca -> (double) Float.intBitsToFloat(readInt());
            case 0xd3 -> readLong();
            case 0xcc -> (long) (data[position++] & 0xff);
            case 0xcd -> (long) readShort();
            case 0xce -> readInt() & 0xffffffffL;
            case 0xcf -> unsigned(readLong());
            case 0xd0 -> (long) data[position++];
            case 0xd1 -> (long) (short) readShort();
            case 0xd2 -> (long) readInt();
            case 0xd9 -> string(data[position++] & 0xff);
            case 0xda -> string(readShort());
            case 0xdb -> string(readInt());
            case 0xc4 -> bytes(data[position++] & 0xff);
            case 0xc5 -> bytes(readShort());
            case 0xc6 -> bytes(readInt());
            case 0xdc -> array(readShort());
            case 0xdd -> array(readInt());
            case 0xde -> map(readShort());
            case 0xdf -> map(readInt());
            case 0xc7 -> extension(data[position++] & 0xff);
            case 0xc8 -> extension(readShort());
            case 0xc9 -> extension(readInt());
            case 0xd4, 0xd5, 0xd6, 0xd7, 0xd8 -> extension(1 << (code - 0xd4));
            default -> throw new IllegalStateException("msgpack code 0x" + Integer.toHexString(code) + " is not used by pybridge");
        };
    }

    private static Object unsigned(long bits) {
        return bits >= 0 ? (Object) bits : new BigInteger(Long.toUnsignedString(bits));
    }

    private String string(int length) {
        String text = new String(data, position, length, StandardCharsets.UTF_8);
        position += length;
        return text;
    }

    private byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        System.arraycopy(data, position, bytes, 0, length);
        position += length;
        return bytes;
    }

    private List<Object> array(int size) {
        List<Object> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(value());
        }
        return list;
    }

    private Map<Object, Object> map(int size) {
        Map<Object, Object> map = new LinkedHashMap<>(Math.max(4, size * 4 / 3 + 1));
        for (int i = 0; i < size; i++) {
            Object key = value();
            map.put(key, value());
        }
        return map;
    }

    private Object extension(int length) {
        byte type = data[position++];
        int end = position + length;
        Object value = switch (type) {
            case WireFormat.EXT_BIGINT -> new BigInteger(new String(data, position, length, StandardCharsets.US_ASCII), 16);
            case WireFormat.EXT_SET -> new LinkedHashSet<>((List<?>) value());
            case WireFormat.EXT_STR16 -> utf16(length);
            case WireFormat.EXT_ARENA_BYTES -> arenaBytes();
            case WireFormat.EXT_NDARRAY -> ndarray();
            case WireFormat.EXT_MISSING -> WireTree.MISSING;
            default -> throw new IllegalStateException("msgpack extension " + type + " is not used by pybridge");
        };
        position = end;
        return value;
    }

    private String utf16(int length) {
        char[] chars = new char[length / 2];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) ((data[position + 2 * i] & 0xff) | (data[position + 2 * i + 1] & 0xff) << 8);
        }
        return new String(chars);
    }

    private byte[] arenaBytes() {
        List<?> where = (List<?>) value();
        int offset = ((Long) where.get(0)).intValue();
        int length = ((Long) where.get(1)).intValue();
        byte[] bytes = new byte[length];
        arena.apply(offset + length).get(offset, bytes, 0, length);
        return bytes;
    }

    private Object ndarray() {
        List<?> header = (List<?>) value();
        NdArray.DType dtype = NdArray.DType.ofCode(((String) header.get(0)).charAt(0));
        List<?> dimensions = (List<?>) header.get(1);
        int[] shape = new int[dimensions.size()];
        long elements = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = Math.toIntExact((Long) dimensions.get(i));
            elements *= shape[i];
        }
        Object data = header.get(2);
        ByteBuffer source;
        if (data instanceof byte[] inline) {
            source = ByteBuffer.wrap(inline);
        }
        else {
            // [offset, length] in the arena, or [offset, length, block] in a result block (-1: in
            // the request arena, where the argument the worker returned was).
            List<?> where = (List<?>) data;
            int offset = ((Long) where.get(0)).intValue();
            int length = ((Long) where.get(1)).intValue();
            if (length != elements * dtype.size()) {
                throw new IllegalStateException("the worker sent " + length + " bytes for " + elements + " " + dtype);
            }
            if (where.size() == 3) {
                return blocks.view((Long) where.get(2), dtype, shape, offset, length);
            }
            source = arena.apply(offset + length).slice(offset, length);
        }
        source.order(ByteOrder.nativeOrder());
        int count = Math.toIntExact(elements);
        Object values = switch (dtype) {
            case FLOAT64 -> {
                double[] out = new double[count];
                source.asDoubleBuffer().get(out);
                yield out;
            }
            case FLOAT32 -> {
                float[] out = new float[count];
                source.asFloatBuffer().get(out);
                yield out;
            }
            case INT64 -> {
                long[] out = new long[count];
                source.asLongBuffer().get(out);
                yield out;
            }
            case INT32 -> {
                int[] out = new int[count];
                source.asIntBuffer().get(out);
                yield out;
            }
            case INT8, UINT8 -> {
                byte[] out = new byte[count];
                source.get(out);
                yield out;
            }
        };
        return NdArray.ofData(dtype, values, shape);
    }

    private int readShort() {
        int value = (data[position] & 0xff) << 8 | data[position + 1] & 0xff;
        position += 2;
        return value;
    }

    private int readInt() {
        int value = (data[position] & 0xff) << 24 | (data[position + 1] & 0xff) << 16 | (data[position + 2] & 0xff) << 8
                | data[position + 3] & 0xff;
        position += 4;
        return value;
    }

    private long readLong() {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = value << 8 | data[position + i] & 0xff;
        }
        position += 8;
        return value;
    }
}
