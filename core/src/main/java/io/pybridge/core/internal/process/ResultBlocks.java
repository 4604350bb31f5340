package io.pybridge.core.internal.process;

import io.pybridge.core.NdArray;
import io.pybridge.core.internal.capi.DirectBuffers;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

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
 * the view's alone; the cleaning action holds the mapping, so no view outlives the memory it reads.
 *
 * <p>The files are named by the worker's pid and the block's number in the private folder (the
 * worker never names a path Java opens), and deleted once Java has opened them. Used by the thread
 * that holds the worker, except the released queue, which the cleaner thread fills.
 */
final class ResultBlocks implements AutoCloseable {

    /** One daemon thread for every worker's views (a Cleaner's thread ends only with the JVM). */
    private static final Cleaner CLEANER = Cleaner.create(task -> {
        Thread thread = new Thread(task, "pybridge-result-blocks");
        thread.setDaemon(true);
        return thread;
    });

    private final Path folder;

    private final long pid;

    private final Map<Long, SharedArena> mapped = new ConcurrentHashMap<>();

    /** Blocks whose views are gone, not yet told to the worker. */
    private final Queue<Long> released = new ConcurrentLinkedQueue<>();

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
     * {@code dtype} in {@code shape}; the block is the view's until it is unreachable.
     */
    NdArray.NumpyView view(long number, NdArray.DType dtype, int[] shape, int offset, int length) {
        SharedArena block = mapped.computeIfAbsent(number, n -> SharedArena.open(folder.resolve(fileName(pid, n))));
        return lend(block.ensure(offset + length), offset, length, dtype, shape, () -> released.add(number));
    }

    /**
     * A read-only view of {@code length} bytes of {@code memory} from {@code offset}, as
     * {@code dtype} in {@code shape}; {@code giveBack} runs once, when the view is closed or
     * unreachable. Until then the view holds {@code memory}'s mapping.
     */
    static NdArray.NumpyView lend(MappedByteBuffer memory, int offset, int length, NdArray.DType dtype, int[] shape,
            Runnable giveBack) {
        ByteBuffer own = DirectBuffers.ownBuffer(memory, offset, length);
        Cleaner.Cleanable release = CLEANER.register(own, new Release(giveBack, memory));
        // close() releases at once; the cleaner, if the view is dropped unclosed. Either runs once.
        return NdArray.shared(dtype, own.asReadOnlyBuffer(), shape, release::clean);
    }

    /** The blocks released since the last call, in the order their views went. */
    List<Long> takeReleased() {
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

    /** Closes the files; the mappings stay while views over them live. */
    @Override
    public void close() {
        mapped.values().forEach(SharedArena::close);
        mapped.clear();
    }

    /**
     * Runs once a view's own buffer is unreachable: its block may be written again. Holds the
     * mapping until then (the view's buffer reads it but does not refer to it).
     */
    private record Release(Runnable giveBack, MappedByteBuffer memory) implements Runnable {

        @Override
        public void run() {
            giveBack.run();
        }
    }
}
