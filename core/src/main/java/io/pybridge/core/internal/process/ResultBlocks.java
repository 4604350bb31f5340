package io.pybridge.core.internal.process;

import io.pybridge.core.NdArray;
import io.pybridge.core.internal.capi.DirectBuffers;
import java.io.IOException;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One worker's result blocks: shared-memory files, each holding one numpy array the caller asked
 * for as a {@link NdArray.NumpyView}, which Java reads in place rather than copying out. The
 * worker writes such an array into a block no view holds, and names it by number; the block is
 * the view's until {@link NdArray.NumpyView#close()}, or, for a view dropped unclosed, until the
 * last buffer made from it is unreachable (a {@link Cleaner}). Then its number goes on the
 * released queue, and the next request tells the worker it may write there again
 * ({@link WorkerProcess#memoryField}).
 *
 * <p>Java maps each block once and keeps that mapping: a new mapping costs a page fault per
 * 4 KiB page on first read (about 6 ms for 8 MB here, 30 times the copy it would save). Each view
 * is a direct buffer of its own over the mapping ({@link DirectBuffers}), so its reachability is
 * the view's alone. The cleaning action holds the mapping until then, even after {@code close()}:
 * a buffer read after close reads whatever the block holds next, but never unmapped memory.
 *
 * <p>The garbage collector does not see this memory, so views dropped unclosed could let the
 * worker make new blocks without end. Past {@link #HELD_BUDGET} bytes held by views, the next
 * request first asks for a collection and waits a little for views to be released, as the JDK
 * does for direct buffers ({@link #makeRoom}).
 *
 * <p>The files are named by the worker's pid and the block's number in the private folder (the
 * worker never names a path Java opens), and deleted once Java has opened them. Used by the thread
 * that holds the worker, except the released queue and the held set, which the cleaner thread
 * changes too.
 */
final class ResultBlocks implements AutoCloseable {

    /** One daemon thread for every worker's views (a Cleaner's thread ends only with the JVM). */
    private static final Cleaner CLEANER = Cleaner.create(task -> {
        Thread thread = new Thread(task, "pybridge-result-blocks");
        thread.setDaemon(true);
        return thread;
    });

    /** Bytes views may hold before a request waits for a collection to release some. */
    static final long HELD_BUDGET = 256L << 20;

    private static final long ROOM_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final Path folder;

    private final long pid;

    private final Map<Long, SharedArena> mapped = new ConcurrentHashMap<>();

    /** Blocks a live view holds: a worker naming one of them again is a bug, not a second view. */
    private final Set<Long> held = ConcurrentHashMap.newKeySet();

    /** Blocks whose views are gone, not yet told to the worker. */
    private final Queue<Long> released = new ConcurrentLinkedQueue<>();

    /** Bytes of shared memory that open views hold (blocks and lent request arenas). */
    private final AtomicLong heldBytes = new AtomicLong();

    ResultBlocks(Path folder, long pid) {
        this.folder = folder;
        this.pid = pid;
    }

    /** The file the worker writes block {@code number} into (see {@code Blocks} in pybridge_worker.py). */
    static String fileName(long pid, long number) {
        return "out-" + pid + "-b" + number;
    }

    /**
     * A read-only view of {@code length} bytes from {@code offset} of block {@code number}, as
     * {@code dtype} in {@code shape}; the block is the view's until it is closed or unreachable.
     */
    NdArray.NumpyView view(long number, NdArray.DType dtype, int[] shape, int offset, int length) {
        if (!held.add(number)) {
            throw new IllegalStateException("the worker wrote into result block " + number + ", which a view still holds");
        }
        SharedArena block = mapped.computeIfAbsent(number, n -> SharedArena.open(folder.resolve(fileName(pid, n))));
        return lend(block.ensure(offset + length), offset, length, dtype, shape, () -> {
            held.remove(number);
            released.add(number);
        });
    }

    /**
     * A read-only view of {@code length} bytes of {@code memory} from {@code offset}, as
     * {@code dtype} in {@code shape}; {@code giveBack} runs once, when the view is closed or
     * unreachable. The view holds {@code memory}'s mapping for as long as any buffer of it lives.
     */
    NdArray.NumpyView lend(MappedByteBuffer memory, int offset, int length, NdArray.DType dtype, int[] shape,
            Runnable giveBack) {
        ByteBuffer own = DirectBuffers.ownBuffer(memory, offset, length);
        heldBytes.addAndGet(length);
        Release release = new Release(() -> {
            heldBytes.addAndGet(-length);
            giveBack.run();
        }, memory);
        CLEANER.register(own, release);
        return NdArray.shared(dtype, own.asReadOnlyBuffer(), shape, release);
    }

    /**
     * Before a request: if views hold more than {@link #HELD_BUDGET}, asks for a collection and
     * waits up to 200 ms for unreachable ones to be released. Goes on either way: views the
     * caller still holds are its to close.
     */
    void makeRoom() {
        if (heldBytes.get() <= HELD_BUDGET) {
            return;
        }
        System.gc();
        long deadline = System.nanoTime() + ROOM_WAIT_NANOS;
        while (heldBytes.get() > HELD_BUDGET && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The blocks released since the last call, in the order their views went. */
    List<Long> takeReleased() {
        if (released.isEmpty()) {
            return List.of(); // the usual case: no allocation per request
        }
        List<Long> numbers = new ArrayList<>();
        for (Long number = released.poll(); number != null; number = released.poll()) {
            numbers.add(number);
        }
        return numbers;
    }

    /** Puts back numbers taken for a request that was not sent: the worker must still hear of them. */
    void giveBack(List<Long> numbers) {
        released.addAll(numbers);
    }

    /**
     * Closes the files, after the worker ended, and deletes those of its files Java never opened
     * (a block written for an answer that never arrived). The mappings stay while views over them
     * live.
     */
    @Override
    public void close() {
        mapped.values().forEach(SharedArena::close);
        mapped.clear();
        try (DirectoryStream<Path> left = Files.newDirectoryStream(folder, "*-" + pid + "-*")) {
            for (Path file : left) {
                Files.deleteIfExists(file);
            }
        }
        catch (IOException ignored) {
            // the folder is gone (the runtime closed): nothing is left in it
        }
    }

    /**
     * Gives a view's memory back, once: on {@code close()} or when the view is unreachable,
     * whichever comes first. Registered with the cleaner, it holds the mapping until the view's
     * own buffer is unreachable (the buffer reads the mapping but does not refer to it).
     */
    private static final class Release implements Runnable {

        private final AtomicBoolean done = new AtomicBoolean();

        private final Runnable giveBack;

        @SuppressWarnings("unused") // held, not read: keeps the mapping while the view's buffer can read it
        private final MappedByteBuffer memory;

        Release(Runnable giveBack, MappedByteBuffer memory) {
            this.giveBack = giveBack;
            this.memory = memory;
        }

        @Override
        public void run() {
            if (done.compareAndSet(false, true)) {
                giveBack.run();
            }
        }
    }
}
