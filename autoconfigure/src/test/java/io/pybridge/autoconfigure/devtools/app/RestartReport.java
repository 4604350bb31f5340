package io.pybridge.autoconfigure.devtools.app;

import io.pybridge.core.PythonRuntime;
import io.pybridge.core.PythonTemplate;
import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Once the context has started (first start and every DevTools restart): uses Python through the
 * injected client and the template, then prints one {@code DEVTOOLS-REPORT} line of what it saw
 * for {@code DevToolsRestartTests} to check.
 */
@Component
public class RestartReport implements ApplicationRunner {

    /**
     * The class loader of every generation, weakly: kept in the system properties, which outlive
     * the restart class loaders (a static field here would be one per generation).
     */
    private static final String LOADERS = "pybridge.devtools.test.loaders";

    /** The first generation's live thread states, once its calls are done: the warmed-up baseline. */
    private static final String BASELINE = "pybridge.devtools.test.baseline";

    private final TripsService trips;

    private final PythonTemplate template;

    private final ModuleHolder holder;

    public RestartReport(TripsService trips, PythonTemplate template, ModuleHolder holder) {
        this.trips = trips;
        this.template = template;
        this.holder = holder;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        List<WeakReference<ClassLoader>> loaders = loaders();
        loaders.add(new WeakReference<>(getClass().getClassLoader()));
        UnitsClient units = trips.units();
        double celsius = units.toCelsius(212);
        Reading reading = units.reading("lab");
        boolean mapped;
        try {
            units.check(-1);
            mapped = false;
        }
        catch (NegativeValueException expected) {
            mapped = true;
        }
        String greeting = units.greet("devtools").get(60, TimeUnit.SECONDS);
        Function<Long, Long> increment = value -> value + 1;
        Object applied = template.call("devtools_app", "apply", increment, 41L);
        String token = template.callForObject("devtools_app", "token", String.class);
        String holderModule = holder.module().getAttr("__name__", String.class);

        PythonRuntime runtime = template.getRuntime();
        String calls = "generation=" + loaders.size()
                + " loader=" + System.identityHashCode(getClass().getClassLoader())
                + " loaderType=" + getClass().getClassLoader().getClass().getSimpleName()
                + " runtime=" + System.identityHashCode(runtime)
                + " token=" + token
                + " celsius=" + celsius
                + " reading=" + reading.place() + "/" + reading.value()
                + " mapped=" + mapped
                + " greeting=" + greeting.replace(' ', '_')
                + " applied=" + applied
                + " holder=" + holderModule;
        // The counts once the start is over: DevTools' restart thread (which closed the previous
        // context) and this start's thread, with their workers, still run until it is.
        Thread starting = Thread.currentThread();
        Thread settle = new Thread(() -> report(starting, runtime, loaders, calls), "devtools-report");
        settle.setDaemon(true);
        settle.start();
    }

    private void report(Thread starting, PythonRuntime runtime, List<WeakReference<ClassLoader>> loaders,
            String calls) {
        try {
            starting.join();
            awaitNoDedicatedWorkers();
            int threadStates = settledThreadStates(runtime);
            int oldLoadersAlive = oldLoadersAlive(loaders);
            printThreads(loaders);
            System.out.println("DEVTOOLS-REPORT " + calls
                    + " threadStates=" + threadStates
                    + " handles=" + runtime.liveHandleCount()
                    + " javaFunctions=" + runtime.liveJavaFunctionCount()
                    + " javaExceptions=" + runtime.liveJavaExceptionCount()
                    + " oldLoadersAlive=" + oldLoadersAlive
                    + " pybridgeThreadsHoldingOldLoaders=" + pybridgeThreadsHoldingOldLoaders());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits up to 30 s for the workers of callers with a small stack (which end after their caller) to end. */
    private static void awaitNoDedicatedWorkers() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && Thread.getAllStackTraces().keySet().stream()
                .anyMatch(thread -> thread.getName().startsWith("pybridge-for-"))) {
            Thread.sleep(100);
        }
    }

    /**
     * The live thread states once those of the previous generation's dead threads (its
     * restartedMain and client threads) are reaped: waits up to 20 s for them to end.
     */
    private static int settledThreadStates(PythonRuntime runtime) throws InterruptedException {
        Integer baseline = (Integer) System.getProperties().get(BASELINE);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int live;
        do {
            runtime.reapThreadStates();
            live = runtime.threadStateSnapshot().live();
            if (baseline == null || live <= baseline) {
                break;
            }
            Thread.sleep(100);
        }
        while (System.nanoTime() < deadline);
        if (baseline == null) {
            System.getProperties().put(BASELINE, live);
        }
        return live;
    }

    /**
     * pybridge's threads, running or registered as shutdown hooks, that hold an earlier
     * generation's class loader: as their context class loader or, before JDK 24, through the
     * protection domains of their inherited access control context (the child runs with
     * {@code java.lang} and {@code java.security} opened to read them).
     */
    private static int pybridgeThreadsHoldingOldLoaders() {
        Set<Thread> threads = new HashSet<>(Thread.getAllStackTraces().keySet());
        try {
            Field hooks = Class.forName("java.lang.ApplicationShutdownHooks").getDeclaredField("hooks");
            hooks.setAccessible(true);
            synchronized (hooks.getDeclaringClass()) {
                threads.addAll(((Map<?, ?>) hooks.get(null)).keySet().stream().map(Thread.class::cast).toList());
            }
        }
        catch (ReflectiveOperationException ex) {
            throw new IllegalStateException(ex);
        }
        int holding = 0;
        for (Thread thread : threads) {
            if (!thread.getName().startsWith("pybridge-")) {
                continue;
            }
            List<ClassLoader> held = new ArrayList<>();
            held.add(thread.getContextClassLoader());
            held.addAll(accessContextLoaders(thread));
            if (held.stream().anyMatch(RestartReport::earlierGeneration)) {
                System.out.println("DEVTOOLS-HOLDER " + thread.getName());
                holding++;
            }
        }
        return holding;
    }

    private static boolean earlierGeneration(ClassLoader loader) {
        return loader != null && loader.getClass().getName().endsWith(".RestartClassLoader")
                && loader != RestartReport.class.getClassLoader();
    }

    /** The class loaders of the protection domains a thread captured when it was made (none on JDK 24+). */
    private static List<ClassLoader> accessContextLoaders(Thread thread) {
        List<ClassLoader> loaders = new ArrayList<>();
        try {
            Field inherited = Thread.class.getDeclaredField("inheritedAccessControlContext");
            inherited.setAccessible(true);
            Object context = inherited.get(thread);
            if (context == null) {
                return loaders;
            }
            Field domains = context.getClass().getDeclaredField("context");
            domains.setAccessible(true);
            ProtectionDomain[] array = (ProtectionDomain[]) domains.get(context);
            for (ProtectionDomain domain : array == null ? new ProtectionDomain[0] : array) {
                loaders.add(domain.getClassLoader());
            }
        }
        catch (NoSuchFieldException jdk24) {
            // Threads capture no access control context any more.
        }
        catch (ReflectiveOperationException ex) {
            throw new IllegalStateException(ex);
        }
        return loaders;
    }

    /** For a failing run's log: each thread, and which generation's class loader is its context class loader. */
    private static void printThreads(List<WeakReference<ClassLoader>> loaders) {
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            ClassLoader context = thread.getContextClassLoader();
            int generation = 0;
            for (int i = 0; i < loaders.size(); i++) {
                if (loaders.get(i).get() == context) {
                    generation = i + 1;
                }
            }
            System.out.println("DEVTOOLS-THREAD " + thread.getName() + " daemon=" + thread.isDaemon()
                    + " contextLoaderOfGeneration=" + generation);
        }
    }

    /** Earlier generations' class loaders still reachable after collecting garbage (a few tries). */
    private static int oldLoadersAlive(List<WeakReference<ClassLoader>> loaders) throws InterruptedException {
        int alive = 0;
        for (int attempt = 0; attempt < 10; attempt++) {
            System.gc();
            Thread.sleep(100);
            alive = 0;
            for (WeakReference<ClassLoader> loader : loaders) {
                ClassLoader old = loader.get();
                if (old != null && old != RestartReport.class.getClassLoader()) {
                    alive++;
                }
            }
            if (alive == 0) {
                break;
            }
        }
        return alive;
    }

    @SuppressWarnings("unchecked")
    private static List<WeakReference<ClassLoader>> loaders() {
        Map<Object, Object> properties = System.getProperties();
        return (List<WeakReference<ClassLoader>>) properties.computeIfAbsent(LOADERS,
                key -> new CopyOnWriteArrayList<WeakReference<ClassLoader>>());
    }
}
