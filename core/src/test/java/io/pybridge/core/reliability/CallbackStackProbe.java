package io.pybridge.core.reliability;

import io.pybridge.core.PythonTemplate;
import io.pybridge.core.SharedRuntime;
import io.pybridge.core.exception.PythonException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Child-JVM main for {@link CallbackStackTest}: Python recursion that calls a Java function,
 * which recurses through tens of KiB of Java frames before it calls the same Python function
 * again, until the stack runs out; from platform threads of 256 KiB, 512 KiB and 1 MiB and a
 * virtual thread (JDK 21+, whose calls a worker runs), with several depths of Java recursion so that the callbacks reach
 * CPython's limits at many different distances. Prints
 * {@code case <caller> <java levels> <levels through C> <levels reached> <exception> <Python type>: <message>}.
 * A callback whose frames carried the stack below CPython's hard limit would make CPython stop
 * this JVM ({@code Py_FatalError}), which the parent reports.
 */
public final class CallbackStackProbe {

    private static final String MOD = "pybridge_testmod";

    /**
     * Java levels per callback, with 24 longs live across each call: about 290 bytes a level
     * compiled, 530 interpreted (HotSpot on x86-64), so 17 to 57 KiB of Java frames per callback,
     * within the 64 KiB a callback is sure of above CPython's hard limit.
     */
    static final int[] JAVA_LEVELS = { 60, 90, 110 };

    /**
     * Levels of recursion through C in Python before each callback: none, a few, and enough that
     * a virtual thread's calls (run by a worker, whose region is 8 MiB) run out of stack before
     * pybridge's limit of 100 nested callbacks.
     */
    static final int[] THROUGH_C = { 0, 3, 80 };

    private CallbackStackProbe() {
    }

    public static void main(String[] args) throws Exception {
        PythonTemplate python = SharedRuntime.template();
        // Python frames are not what runs out here: 100 callbacks of 80 levels through C each.
        python.exec("import sys\nsys.setrecursionlimit(100_000)");
        Map<String, ExecutorService> callers = new LinkedHashMap<>();
        for (long kib : new long[] {256, 512, 1024}) {
            String name = kib < 1024 ? "platform-" + kib + "KiB" : "platform-" + kib / 1024 + "MiB";
            callers.put(name, Executors.newSingleThreadExecutor(task -> new Thread(null, task, name, kib * 1024)));
        }
        ExecutorService virtual = virtualExecutor();
        if (virtual != null) {
            callers.put("virtual", virtual);
        }
        for (int round = 0; round < 2; round++) { // the second round with the recursion compiled
            for (int levels : JAVA_LEVELS) {
                for (int throughC : THROUGH_C) {
                    for (Map.Entry<String, ExecutorService> caller : callers.entrySet()) {
                        AtomicInteger reached = new AtomicInteger();
                        Callable<String> call = () -> outcome(python, levels, throughC, reached);
                        String outcome = caller.getValue().submit(call).get(5, TimeUnit.MINUTES);
                        System.out.println("case " + caller.getKey() + " " + levels + " " + throughC + " " + reached.get()
                                + " " + outcome);
                    }
                }
            }
        }
        FutureTask<Object> health = new FutureTask<>(() -> python.eval("sum(range(10))"));
        new Thread(health).start();
        System.out.println("health " + health.get(1, TimeUnit.MINUTES));
        callers.values().forEach(ExecutorService::shutdownNow);
        System.exit(0);
    }

    private static String outcome(PythonTemplate python, int levels, int throughC, AtomicInteger reached) {
        Function<Object, Object> callback = new Function<>() {
            @Override
            public Object apply(Object depth) {
                reached.incrementAndGet();
                long remaining = (Long) depth;
                return frames(levels, remaining, () -> python.call(MOD, "bounce_through_c", this, remaining, (long) throughC));
            }
        };
        try {
            return "returned " + python.call(MOD, "bounce_through_c", callback, 1_000_000L, (long) throughC);
        }
        catch (PythonException ex) {
            Throwable overflow = ex;
            while (overflow != null && !(overflow instanceof StackOverflowError)) {
                overflow = overflow.getCause();
            }
            String message = String.valueOf(ex.getPythonMessage()).replace('\n', ' ');
            return ex.getClass().getSimpleName() + (overflow != null ? "+StackOverflowError" : "") + " "
                    + ex.getPythonType() + ": " + (message.length() > 160 ? message.substring(0, 160) : message);
        }
    }

    /**
     * {@code n} levels of Java recursion with 24 longs live across each call, then {@code bottom}:
     * what a callback's own code (services, proxies, interpreted frames during warm-up) costs.
     */
    static Object frames(int n, long seed, java.util.function.Supplier<Object> bottom) {
        long a = seed + n, b = a * 31, c = b ^ a, d = c + 7, e = d * 3, f = e - a, g = f ^ b, h = g + c;
        long i = h * 5, j = i - d, k = j ^ e, l = k + f, m = l * 11, o = m - g, p = o ^ h, q = p + i;
        long r = q * 13, s = r ^ j, t = s + k, u = t - l, v = u * 17, w = v ^ m, x = w + o, y = x - p;
        Object below = n == 0 ? bottom.get() : frames(n - 1, y, bottom);
        long sum = a - b + c - d + e - f + g - h + i - j + k - l + m - o + p - q + r - s + t - u + v - w + x - y;
        return sum == Long.MIN_VALUE ? sum : below; // keeps every local live across the call
    }

    private static ExecutorService virtualExecutor() {
        try {
            return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        }
        catch (ReflectiveOperationException ex) {
            return null; // JDK 17: no virtual threads
        }
    }
}
