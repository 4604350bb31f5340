package io.pybridge.core.reliability;

import io.pybridge.core.PythonTemplate;
import io.pybridge.core.SharedRuntime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

/**
 * Child-JVM main for {@link StackRecursionTest}: runs every case of {@code pybridge_deep.py}
 * through pybridge from each kind of Java caller (platform threads of 256 KiB to 16 MiB of stack,
 * a thread pool, a virtual thread, a pooled sub-interpreter) and prints
 * {@code case <name> <caller> <outcome>}.
 * A stack overflow in C would kill this JVM, which the parent reports.
 */
public final class StackProbe {

    private StackProbe() {
    }

    public static void main(String[] args) throws Exception {
        PythonTemplate python = SharedRuntime.template();
        @SuppressWarnings("unchecked")
        List<String> names = python.callForObject("pybridge_deep", "names", List.class);
        Map<String, ExecutorService> callers = new LinkedHashMap<>();
        // Platform threads of the stack sizes services run on: Java's default 1 MiB is Tomcat's,
        // Jetty's and every plain pool's; 256 and 512 KiB are what some set to save memory.
        for (long kib : new long[] {256, 512, 1024, 16 * 1024}) {
            String name = kib < 1024 ? "platform-" + kib + "KiB" : "platform-" + kib / 1024 + "MiB";
            callers.put(name, Executors.newSingleThreadExecutor(task -> new Thread(null, task, name, kib * 1024)));
        }
        callers.put("executor", Executors.newFixedThreadPool(2));
        ExecutorService virtual = virtualExecutor();
        if (virtual != null) {
            callers.put("virtual", virtual);
        }
        ExecutorService tomcatLike = Executors.newSingleThreadExecutor(task -> new Thread(null, task, "for-pool", 1L << 20));
        boolean pooled = !SharedRuntime.get().poolMembers().isEmpty();
        for (String name : names) {
            for (Map.Entry<String, ExecutorService> caller : callers.entrySet()) {
                Callable<Object> call = () -> python.call("pybridge_deep", "run", name);
                Object outcome = caller.getValue().submit(call).get(5, TimeUnit.MINUTES);
                System.out.println("case " + name + " " + caller.getKey() + " " + outcome);
            }
            if (pooled) {
                // A pooled sub-interpreter, called from a 1 MiB thread.
                Callable<Object> call = () -> python.inPool().call("pybridge_deep", "run", name);
                System.out.println("case " + name + " subinterpreter " + tomcatLike.submit(call).get(5, TimeUnit.MINUTES));
            }
        }
        // Healthy afterwards, from yet another thread.
        FutureTask<Object> health = new FutureTask<>(() -> python.eval("sum(range(10))"));
        new Thread(health).start();
        System.out.println("health " + health.get(1, TimeUnit.MINUTES));
        callers.values().forEach(ExecutorService::shutdownNow);
        tomcatLike.shutdownNow();
        System.exit(0);
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
