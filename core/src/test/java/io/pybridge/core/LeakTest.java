package io.pybridge.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 10⁶ mixed calls (every conversion direction, errors included) leave Python's allocated block
 * count and the process RSS within a small bound: no reference is leaked per call.
 */
class LeakTest {

    private static final String MOD = "pybridge_testmod";

    /** A leak of one object per call would add ~10⁶ blocks; caches and interning stay far below this. */
    private static final long MAX_BLOCK_GROWTH = 2_000;

    /**
     * Native memory growth (RSS less what the JVM committed for itself) after a warmed-up
     * baseline. One leaked 32-byte object per call would be ~30 MiB; malloc arenas and JIT
     * buffers settle well below this.
     */
    private static final long MAX_RSS_GROWTH_KIB = 48 * 1024;

    /**
     * 10⁶ in the main run; the interpreter matrix passes fewer ({@code pybridge.test.leak.calls})
     * to keep seven re-runs short. A leak of one object per call still shows as 10⁵ blocks or more.
     */
    private static final int CALLS = Integer.getInteger("pybridge.test.leak.calls", 1_000_000);

    private final PythonTemplate python = SharedRuntime.template();

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aMillionMixedCallsLeakNothing() throws IOException {
        List<Object> list = List.of(1, "two", 3.0, List.of(4), Map.of("five", 5));
        List<Integer> numbers = java.util.stream.IntStream.range(0, 32).boxed().toList();
        Runnable[] mix = {
            () -> python.call(MOD, "add", 1, 2),
            () -> python.call(MOD, "echo", "héllo 😀"),
            () -> python.call(MOD, "echo", list),
            () -> python.call(MOD, "echo", numbers),
            () -> python.eval("x * 2", Map.of("x", 21), Long.class),
            () -> python.eval("2 ** 70"),
            () -> python.call(MOD, "greet", List.of("Ada"), Map.of("greeting", "Hi"), String.class),
            () -> python.call(MOD, "echo", new byte[] { 1, 2, 3 }),
            () -> expectFailure(() -> python.call(MOD, "fail", "x")),
            () -> expectFailure(() -> python.call(MOD, "add", 1)),
        };
        run(mix, 100_000); // warm-up: caches filled, JIT done, heap sized
        long blocksBefore = allocatedBlocks();
        long rssBefore = rssKib();
        long javaBefore = javaCommittedKib();
        run(mix, CALLS);
        long blocksAfter = allocatedBlocks();
        long rssAfter = rssKib();
        long javaAfter = javaCommittedKib();
        // What the JVM committed for itself (heap, metaspace, code cache) is not a Python leak: a
        // busy machine makes the GC grow the heap. The rest of the RSS growth is native memory.
        long nativeGrowth = (rssAfter - rssBefore) - Math.max(0, javaAfter - javaBefore);
        System.out.printf("LeakTest: %,d calls: Python allocated blocks %d -> %d (%+d), RSS %d -> %d KiB (%+d), "
                + "JVM committed %+d KiB, native %+d KiB%n", CALLS, blocksBefore, blocksAfter, blocksAfter - blocksBefore,
                rssBefore, rssAfter, rssAfter - rssBefore, javaAfter - javaBefore, nativeGrowth);
        assertThat(blocksAfter - blocksBefore).isLessThan(MAX_BLOCK_GROWTH);
        assertThat(nativeGrowth).isLessThan(MAX_RSS_GROWTH_KIB);
    }

    private static void run(Runnable[] mix, int calls) {
        for (int i = 0; i < calls; i++) {
            mix[i % mix.length].run();
        }
    }

    private static void expectFailure(Runnable call) {
        try {
            call.run();
        }
        catch (PythonException expected) {
            return;
        }
        throw new AssertionError("expected a PythonException");
    }

    private long allocatedBlocks() {
        return python.eval("(__import__('gc').collect(), __import__('sys').getallocatedblocks())[1]", Long.class);
    }

    /** Heap and non-heap memory the JVM has committed, in KiB. */
    private static long javaCommittedKib() {
        java.lang.management.MemoryMXBean memory = java.lang.management.ManagementFactory.getMemoryMXBean();
        return (memory.getHeapMemoryUsage().getCommitted() + memory.getNonHeapMemoryUsage().getCommitted()) / 1024;
    }

    private static long rssKib() throws IOException {
        System.gc();
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
