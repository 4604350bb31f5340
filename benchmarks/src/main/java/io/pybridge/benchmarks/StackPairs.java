package io.pybridge.benchmarks;

import io.pybridge.core.PythonRuntime;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.exception.PythonException;
import io.pybridge.core.runtime.PythonRuntimeConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * {@link StackBenchmark}'s comparisons as paired rounds in one JVM: each round measures every
 * case for half a second, in a shuffled order, so both sides of a ratio run within seconds of each
 * other. On a shared virtual machine the speed of the whole box shifts in steps that last tens of
 * seconds (seen in JMH's iterations: the same call at 0.24 µs, then 0.34 µs in the same fork); JMH
 * runs one benchmark after another, so a ratio of two of its medians can measure such a step.
 * Here each round yields one ratio per comparison, and the medians of those ratios are printed.
 *
 * <p>A thread started with a stack size of 1 MiB is what every thread is under {@code -Xss1m}
 * (Java's default); one of 16 MiB is what {@code -Xss16m} gives.
 *
 * <pre>
 * java -cp benchmarks.jar io.pybridge.benchmarks.StackPairs 30     # rounds; -Dpybridge.python to choose
 * </pre>
 */
public final class StackPairs {

    private static final long MIB = 1024 * 1024;

    private static final long ROUND_NANOS = 500_000_000L;

    private static volatile Object sink;

    private StackPairs() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        try (PythonRuntime runtime = PythonRuntime.start(PythonRuntimeConfig.builder()
                .executable(System.getProperty("pybridge.python")).build())) {
            PythonTemplate template = new PythonTemplate(runtime);
            template.exec(PythonState.HELPERS);
            List<Case> cases = List.of(
                    new Case("trivialCall 1m", 1, MIB, t -> sink = t.call("__main__", "add", 1, 2)),
                    new Case("trivialCall 16m", 1, 16 * MIB, t -> sink = t.call("__main__", "add", 1, 2)),
                    new Case("evalConstant 1m", 1, MIB, t -> sink = t.eval("21 * 2")),
                    new Case("evalConstant 16m", 1, 16 * MIB, t -> sink = t.eval("21 * 2")),
                    new Case("raisingCall 1m", 1, MIB, StackPairs::raise),
                    new Case("raisingCall 16m", 1, 16 * MIB, StackPairs::raise),
                    new Case("8 callers 1m", 8, MIB, t -> sink = t.call("__main__", "add", 1, 2)),
                    new Case("8 callers 16m", 8, 16 * MIB, t -> sink = t.call("__main__", "add", 1, 2)));
            double[][] nanosPerCall = new double[cases.size()][rounds];
            Random random = new Random(7);
            // One unreported round first: the JIT and CPython's caches warm up.
            for (int round = -1; round < rounds; round++) {
                List<Integer> order = new ArrayList<>();
                for (int c = 0; c < cases.size(); c++) {
                    order.add(c);
                }
                Collections.shuffle(order, random);
                for (int c : order) {
                    double value = cases.get(c).measure(template);
                    if (round >= 0) {
                        nanosPerCall[c][round] = value;
                    }
                }
            }
            System.out.printf(Locale.ROOT, "Python %s, Java %s, %d paired rounds of %d ms per case%n",
                    template.eval("__import__('sys').version.split()[0]"), System.getProperty("java.version"), rounds,
                    ROUND_NANOS / 1_000_000);
            for (int c = 0; c < cases.size(); c++) {
                System.out.printf(Locale.ROOT, "  %-18s median %8.1f ns per call%n", cases.get(c).name, median(nanosPerCall[c]));
            }
            ratio("trivialCall  1m/16m", nanosPerCall[0], nanosPerCall[1]);
            ratio("evalConstant 1m/16m", nanosPerCall[2], nanosPerCall[3]);
            ratio("raisingCall  1m/16m", nanosPerCall[4], nanosPerCall[5]);
            // Throughput of 8 callers over that of one: one caller's time per call over 8 callers'.
            ratio("8 callers / 1 caller throughput (1m)", nanosPerCall[0], nanosPerCall[6]);
            ratio("8 callers 1m/16m", nanosPerCall[6], nanosPerCall[7]);
        }
    }

    private static void raise(PythonTemplate template) {
        try {
            sink = template.call("__main__", "fail");
        }
        catch (PythonException ex) {
            sink = ex;
        }
    }

    private static void ratio(String name, double[] numerator, double[] denominator) {
        double[] ratios = new double[numerator.length];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = numerator[i] / denominator[i];
        }
        double[] sorted = ratios.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "  %-38s median %.3f (quartiles %.3f-%.3f)%n", name, median(ratios),
                sorted[sorted.length / 4], sorted[sorted.length * 3 / 4]);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** One case: how many threads of which stack size run which call for a round. */
    private static final class Case {

        final String name;

        final int threads;

        final long stackSize;

        final Consumer<PythonTemplate> call;

        Case(String name, int threads, long stackSize, Consumer<PythonTemplate> call) {
            this.name = name;
            this.threads = threads;
            this.stackSize = stackSize;
            this.call = call;
        }

        /** Nanoseconds per call, all threads together (the round's length over all their calls). */
        double measure(PythonTemplate template) throws InterruptedException {
            LongAdder calls = new LongAdder();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> started = new ArrayList<>();
            long[] begun = new long[1];
            for (int t = 0; t < threads; t++) {
                Thread thread = new Thread(null, () -> {
                    call.accept(template); // this thread's state is made before the round counts
                    long count = 0;
                    while (!stop.get()) {
                        call.accept(template);
                        count++;
                    }
                    calls.add(count);
                }, "pairs-" + t, stackSize);
                started.add(thread);
            }
            begun[0] = System.nanoTime();
            for (Thread thread : started) {
                thread.start();
            }
            Thread.sleep(ROUND_NANOS / 1_000_000);
            stop.set(true);
            for (Thread thread : started) {
                thread.join();
            }
            long elapsed = System.nanoTime() - begun[0];
            return (double) elapsed / Math.max(1, calls.sum());
        }
    }
}
