package io.pybridge.core.internal.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One side's view of a shared-memory file through which arrays and large byte strings cross
 * without going through the pipe: a file in the {@link PrivateFolder} (on {@code /dev/shm} where
 * there is one), mapped into both processes. Its writer grows it; its reader maps it again when a
 * frame names bytes past what it has mapped. The file is deleted as soon as both sides have it
 * open, so nothing is left behind whichever process dies. Used by one thread at a time (whoever
 * holds the worker).
 */
final class SharedArena implements AutoCloseable {

    private static final int GROWTH = 1 << 20;

    private final FileChannel channel;

    private final boolean writer;

    private MappedByteBuffer map;

    private final Path path;

    private SharedArena(Path path, FileChannel channel, boolean writer) throws IOException {
        this.path = path;
        this.channel = channel;
        this.writer = writer;
        this.map = channel.map(writer ? FileChannel.MapMode.READ_WRITE : FileChannel.MapMode.READ_ONLY, 0, channel.size());
    }

    /** A new arena Java writes (the worker opens, then deletes, the file). */
    static SharedArena create(Path path, int bytes) {
        try {
            FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            channel.truncate(0);
            SharedArena arena = new SharedArena(path, channel, true);
            arena.ensure(bytes);
            return arena;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot create the shared memory file " + path, ex);
        }
    }

    /** The worker's arena, which Java reads; the file is deleted once open. */
    static SharedArena open(Path path) {
        try {
            FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
            Files.deleteIfExists(path);
            return new SharedArena(path, channel, false);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot open the worker's shared memory file " + path, ex);
        }
    }

    Path path() {
        return path;
    }

    /** The mapping, at least {@code bytes} long: grown (writer) or mapped again (reader) if needed. */
    MappedByteBuffer ensure(int bytes) {
        if (map.capacity() < bytes) {
            try {
                long size = map.capacity();
                if (writer) {
                    size = Math.max(bytes, Math.min(Integer.MAX_VALUE, size * 2));
                    size = Math.min(Integer.MAX_VALUE, (size + GROWTH - 1) / GROWTH * GROWTH);
                    // Growing the file: a write past its end, as FileChannel cannot extend it otherwise.
                    channel.write(java.nio.ByteBuffer.wrap(new byte[1]), size - 1);
                }
                else {
                    size = channel.size();
                    if (size < bytes) {
                        throw new IllegalStateException("the worker's shared memory holds " + size + " bytes, the frame names "
                                + bytes);
                    }
                }
                map = channel.map(writer ? FileChannel.MapMode.READ_WRITE : FileChannel.MapMode.READ_ONLY, 0, size);
            }
            catch (IOException ex) {
                throw new UncheckedIOException("cannot grow the shared memory file " + path, ex);
            }
        }
        return map;
    }

    /** The mapping as it is (its position and limit are not used: callers read and write by index). */
    MappedByteBuffer buffer() {
        return map;
    }

    /** Whether it is not closed yet. */
    boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() {
        try {
            channel.close(); // the mapping stays until collected; nothing reads it once closed
        }
        catch (IOException ignored) {
            // closing a file of a dead worker: nothing to do
        }
    }
}
