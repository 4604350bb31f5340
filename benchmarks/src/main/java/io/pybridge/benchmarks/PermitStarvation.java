package io.pybridge.benchmarks;

import io.pybridge.core.PythonRuntime;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.runtime.PythonRuntimeConfig;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Callers looping a CPU-bound Python call for a while, as a new user's service would at the
 * default settings: how many calls each caller made and how long the longest call waited to get
 * in (from the Java call to the Python function's first line, measured through a Java callback
 * the function calls on entry). Uses the public API only, so the same class runs against an
 * older pybridge-core for a before/after comparison in one session.
 *
 * <pre>
 * java -cp benchmarks.jar io.pybridge.benchmarks.PermitStarvation platform 2 20 7
 * java -cp benchmarks.jar io.pybridge.benchmarks.PermitStarvation virtual 8 20 7
 * java -cp benchmarks.jar io.pybridge.benchmarks.PermitStarvation mixed 64 20 7   # caller i spins 1 + i % 7 ms
 * java -cp benchmarks.jar io.pybridge.benchmarks.PermitStarvation pool 6 20 7     # 2 pooled interpreters, 3.12+
 * </pre>
 * Arguments: kind, callers, seconds, milliseconds each call spins. {@code -Dpybridge.python}
 * picks the interpreter; {@code -Dpybridge.fair=true} sets fair permits.
 */
public final class PermitStarvation {

    private static final String MODULE = "pybridge_starvation";

    private PermitStarvation() {
    }

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        int callers = Integer.parseInt(args[1]);
        long seconds = Long.parseLong(args[2]);
        int spinMillis = Integer.parseInt(args[3]);
        Path folder = Files.createTempDirectory("pybridge-starvation");
        Files.writeString(folder.resolve(MODULE + ".py"), String.join("\n",
                "import time",
                "def spin(entered, millis):",
                "    entered()",
                "    end = time.perf_counter() + millis / 1000.0",
                "    while time.perf_counter() < end:",
                "        pass",
                ""));
        PythonRuntimeConfig.Builder config = PythonRuntimeConfig.builder()
                .executable(System.getProperty("pybridge.python"))
                .addPythonPath(folder)
                .fairPermits(Boolean.getBoolean("pybridge.fair"));
        boolean pooled = kind.equals("pool");
        if (pooled) {
            config.poolSize(2);
        }
        PythonRuntime runtime = PythonRuntime.start(config.build());
        try {
            PythonTemplate main = new PythonTemplate(runtime);
            PythonTemplate python = pooled ? main.inPool() : main;
            long[] calls = new long[callers];
            long[] longestWait = new long[callers];
            long[] entered = new long[callers];
            long[] longestHold = new long[callers];
            long[] millis = new long[callers];
            AtomicBoolean stop = new AtomicBoolean();
            List<Runnable> tasks = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                int caller = c;
                millis[c] = kind.equals("mixed") ? 1 + c % 7 : spinMillis;
                // Called by Python on entry, on whichever thread runs the call (a worker after a hand-off).
                Supplier<Long> entry = () -> {
                    entered[caller] = System.nanoTime();
                    return 0L;
                };
                tasks.add(() -> {
                    while (!stop.get()) {
                        long start = System.nanoTime();
                        python.call(MODULE, "spin", entry, millis[caller]);
                        long end = System.nanoTime();
                        longestWait[caller] = Math.max(longestWait[caller], entered[caller] - start);
                        longestHold[caller] = Math.max(longestHold[caller], end - entered[caller]);
                        calls[caller]++;
                    }
                });
            }
            // Warm-up: every caller's first call (imports, thread states) is not measured.
            for (int c = 0; c < callers; c++) {
                python.call(MODULE, "spin", (Supplier<Long>) () -> 0L, 1);
            }
            ExecutorService executor = kind.equals("virtual") ? virtualThreads() : Executors.newFixedThreadPool(callers);
            List<Future<?>> futures = new ArrayList<>();
            for (Runnable task : tasks) {
                futures.add(executor.submit(task));
            }
            TimeUnit.SECONDS.sleep(seconds);
            stop.set(true);
            for (Future<?> future : futures) {
                future.get(5, TimeUnit.MINUTES);
            }
            executor.shutdown();
            report(kind, callers, seconds, spinMillis, calls, longestWait, longestHold, pooled ? 2 : 1);
        }
        finally {
            runtime.close();
        }
    }

    /**
     * Prints the figures and the bound a wait should stay within: the switch interval (5 ms), plus
     * one longest hold for each caller that can be ahead or holding, per interpreter.
     */
    private static void report(String kind, int callers, long seconds, int spinMillis, long[] calls, long[] longestWait,
            long[] longestHold, int interpreters) {
        long total = Arrays.stream(calls).sum();
        long[] sorted = calls.clone();
        Arrays.sort(sorted);
        long worst = Arrays.stream(longestWait).max().orElse(0);
        double hold = Arrays.stream(longestHold).max().orElse(0) / 1e6;
        long turns = (callers + interpreters - 1) / interpreters;
        System.out.printf(Locale.ROOT,
                "%s callers=%d seconds=%d spin=%s ms fair=%s: total %d calls (%.1f/s); per caller min %d, median %d, max %d;"
                        + " longest wait %.1f ms (bound 5 ms + %d x longest hold %.1f ms = %.1f ms); per caller: %s%n",
                kind, callers, seconds, kind.equals("mixed") ? "1-7" : String.valueOf(spinMillis), Boolean.getBoolean("pybridge.fair"),
                total, total / (double) seconds, sorted[0], sorted[sorted.length / 2], sorted[sorted.length - 1],
                worst / 1e6, turns, hold, 5 + turns * hold, Arrays.toString(calls));
    }

    private static ExecutorService virtualThreads() throws ReflectiveOperationException {
        Method factory = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
        return (ExecutorService) factory.invoke(null);
    }
}
