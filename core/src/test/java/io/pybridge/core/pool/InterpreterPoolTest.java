package io.pybridge.core.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pybridge.core.CPythonTest;
import io.pybridge.core.PythonFuture;
import io.pybridge.core.PythonInterpreter;
import io.pybridge.core.PythonObject;
import io.pybridge.core.PythonRuntime;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.SharedRuntime;
import io.pybridge.core.client.PythonCall;
import io.pybridge.core.client.PythonClientFactory;
import io.pybridge.core.exception.PythonConversionException;
import io.pybridge.core.exception.PythonImportException;
import io.pybridge.core.exception.PythonInterruptedException;
import io.pybridge.core.exception.PythonIsolationException;
import io.pybridge.core.runtime.ThreadStateSnapshot;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Calls aimed at the pool of own-GIL sub-interpreters (the shared runtime has two on Python
 * 3.12+). On older Pythons there is no pool to test: the class does not apply there, and
 * {@link PoolFallbackTest} runs instead.
 */
@CPythonTest
@EnabledIf("hasPool")
class InterpreterPoolTest {

    static boolean hasPool() {
        return !SharedRuntime.get().poolMembers().isEmpty();
    }

    private static final String MODULE = "pybridge_pooled";

    private final PythonTemplate main = SharedRuntime.template();

    private final PythonTemplate pool = main.inPool();

    private long interpreterOf(PythonTemplate template) {
        return template.callForObject(MODULE, "interpreter_id", Long.class);
    }

    @Test
    void pooledCallsRunInTheSubInterpretersNotInTheMainOne() {
        assertThat(SharedRuntime.get().poolMembers()).containsExactly("pool-1", "pool-2");
        long mainId = interpreterOf(main);
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            seen.add(interpreterOf(pool));
        }
        assertThat(seen).doesNotContain(mainId).hasSizeBetween(1, 2);
        assertThat(pool.getInterpreter()).isEqualTo(PythonInterpreter.POOL);
        assertThat(pool.inPool()).isSameAs(pool);
    }

    @Test
    @Timeout(120)
    void sixtyFourPlatformThreadsGetEveryResultRight() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(64);
        try {
            List<Future<Set<Long>>> results = new ArrayList<>();
            for (int t = 0; t < 64; t++) {
                int offset = t * 10;
                results.add(threads.submit(() -> {
                    Set<Long> interpreters = new HashSet<>();
                    for (int i = 0; i < 200; i++) {
                        int n = offset + i;
                        assertThat(pool.callForObject(MODULE, "square_sum", Long.class, n))
                                .isEqualTo((long) (n - 1) * n * (2L * n - 1) / 6);
                        if (i % 50 == 0) {
                            interpreters.add(interpreterOf(pool));
                        }
                    }
                    return interpreters;
                }));
            }
            Set<Long> all = new HashSet<>();
            for (Future<Set<Long>> result : results) {
                all.addAll(result.get(120, TimeUnit.SECONDS));
            }
            // Under load every interpreter of the pool takes calls.
            assertThat(all).hasSize(SharedRuntime.POOL_SIZE);
        }
        finally {
            threads.shutdownNow();
        }
    }

    @Test
    @Timeout(120)
    void tenThousandVirtualThreadsGetEveryResultRight() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21+");
        ExecutorService threads = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        try {
            List<Future<Long>> results = new ArrayList<>();
            for (int t = 0; t < 10_000; t++) {
                int n = t % 500;
                results.add(threads.submit(() -> pool.callForObject(MODULE, "square_sum", Long.class, n)));
            }
            for (int t = 0; t < 10_000; t++) {
                long n = t % 500;
                assertThat(results.get(t).get(120, TimeUnit.SECONDS)).isEqualTo((n - 1) * n * (2 * n - 1) / 6);
            }
        }
        finally {
            threads.shutdownNow();
        }
    }

    @Test
    void moduleGlobalsArePerInterpreter() {
        main.exec("import pybridge_pooled; pybridge_pooled.counter = 1000");
        Set<Long> poolValues = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 10; i++) {
            poolValues.add(pool.callForObject(MODULE, "bump", Long.class));
        }
        // The main interpreter's 1000 is invisible in the pool, and the pool's bumps in main.
        assertThat(poolValues).allMatch(value -> value < 1000);
        assertThat(main.eval("pybridge_pooled.counter", Long.class)).isEqualTo(1000L);
    }

    /**
     * numpy is the module users will meet; CPython's own single-phase test module (built with
     * the pyenv interpreters) is the same kind and is there on every 3.12+ of the matrix, where
     * numpy is not installed. Its variant {@code _testsinglephase_with_state}, not the plain
     * {@code _testsinglephase}: the plain one keeps process-global objects that its init frees
     * in whichever interpreter imports it next, which corrupts the heap across own-GIL
     * interpreters (CPython runs a single-phase init before refusing it; see the pool's docs).
     */
    @ParameterizedTest
    @ValueSource(strings = { "numpy", "_testsinglephase_with_state" })
    void singlePhaseExtensionsAreRefusedWithAClearErrorAndThePoolStaysHealthy(String module) {
        String file = module.startsWith("_testsinglephase") ? "_testsinglephase" : module;
        if (!main.eval("__import__('importlib.util').util.find_spec('" + file + "') is not None", Boolean.class)) {
            // Not installed for this Python (numpy on the pyenv 3.12/3.13 here): the pool says so plainly.
            assertThatThrownBy(() -> pool.call(MODULE, "import_module", module))
                    .isExactlyInstanceOf(PythonImportException.class).hasMessageContaining(module);
            return;
        }
        assertThatThrownBy(() -> pool.call(MODULE, "import_module", module))
                .isInstanceOfSatisfying(PythonIsolationException.class,
                        refused -> assertThat(refused.getModule()).startsWith(module))
                .hasMessageContaining(module)
                .hasMessageContaining("main interpreter");
        assertThat(pool.callForObject(MODULE, "square_sum", Long.class, 10)).isEqualTo(285L);
        assertThat(main.call(MODULE, "import_module", module)).isEqualTo(module);
    }

    @Test
    @Timeout(60)
    void aRunawayLoopInThePoolIsStoppedAndItsInterpreterReused() throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(1);
        try {
            long slowestMillis = 0;
            for (int round = 0; round < 5; round++) {
                long begin = System.nanoTime();
                PythonFuture<Object> spinning = pool.submit(session -> session.call(MODULE, "spin"), executor);
                assertThatThrownBy(() -> spinning.get(100, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
                CountDownLatch finished = new CountDownLatch(1);
                spinning.whenFinished(finished::countDown);
                assertThat(spinning.cancel(true)).isTrue();
                // A hang guard only: the stop takes a few ms.
                assertThat(finished.await(30, TimeUnit.SECONDS)).as("round %d", round).isTrue();
                slowestMillis = Math.max(slowestMillis, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
                assertThatThrownBy(spinning::get).isInstanceOf(CancellationException.class);
                assertThat(pool.callForObject(MODULE, "square_sum", Long.class, 10)).isEqualTo(285L);
            }
            System.out.println("InterpreterPoolTest: 5 pooled runaway loops stopped; slowest round (100 ms limit + stop) "
                    + slowestMillis + " ms");
        }
        finally {
            executor.shutdownNow();
        }
    }

    @Test
    void callbacksFiftyDeepStayInTheirPooledInterpreter() {
        Set<Long> interpreters = ConcurrentHashMap.newKeySet();
        Function<Object, Object>[] callback = new Function[1];
        callback[0] = depth -> {
            interpreters.add(interpreterOf(pool));
            return pool.call(MODULE, "recurse", callback[0], depth);
        };
        assertThat(pool.call(MODULE, "recurse", callback[0], 50)).isEqualTo(50L);
        assertThat(interpreters).hasSize(1).doesNotContain(interpreterOf(main));
    }

    @Test
    void aPooledCallbackMayCallTheMainInterpreterAndBack() {
        long mainId = interpreterOf(main);
        Function<Object, Object>[] callback = new Function[1];
        callback[0] = depth -> {
            // Alternate: main, pool, main, ... each nested inside the other's callback.
            PythonTemplate next = ((Long) depth) % 2 == 0 ? main : pool;
            return next.call(MODULE, "recurse", callback[0], depth);
        };
        assertThat(pool.call(MODULE, "recurse", callback[0], 20)).isEqualTo(20L);
        assertThat(main.call(MODULE, "recurse", callback[0], 21)).isEqualTo(21L);
        assertThat(interpreterOf(main)).isEqualTo(mainId);
    }

    @Test
    void aHandleGoesBackToItsOwnInterpreterFromAnyThread() throws Exception {
        try (PythonObject counter = pool.callForObject(MODULE, "make_counter", PythonObject.class)) {
            ExecutorService threads = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> adds = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    adds.add(threads.submit(() -> {
                        for (int i = 0; i < 100; i++) {
                            counter.callMethod("add", 1);
                        }
                    }));
                }
                for (Future<?> add : adds) {
                    add.get(60, TimeUnit.SECONDS);
                }
            }
            finally {
                threads.shutdownNow();
            }
            assertThat(counter.getAttr("value", Long.class)).isEqualTo(400L);
            // Passing it into another interpreter fails clearly instead of touching a foreign object.
            assertThatThrownBy(() -> main.call("builtins", "repr", counter))
                    .isInstanceOf(PythonConversionException.class)
                    .hasMessageContaining("never cross interpreters");
        }
    }

    @Test
    void pooledLoggingAndPrintsReachTheLogSinkLikeTheMainInterpreters() {
        String marker = "pooled-" + System.nanoTime();
        long pooled = pool.callForObject(MODULE, "log_and_print", Long.class, marker);
        assertThat(pooled).isNotEqualTo(interpreterOf(main));
        assertThat(SharedRuntime.LOG.entries()).anySatisfy(entry -> {
            assertThat(entry.logger()).isEqualTo("pybridge.pooled");
            assertThat(entry.message()).isEqualTo("logged " + marker);
            assertThat(entry.level()).isEqualTo(30); // logging.WARNING
        });
        assertThat(SharedRuntime.LOG.entries()).anySatisfy(entry -> assertThat(entry.message())
                .isEqualTo("printed " + marker));
    }

    @Test
    void thePoolSeesTheConfiguredPythonPath() {
        @SuppressWarnings("unchecked")
        List<String> path = (List<String>) pool.call(MODULE, "path");
        assertThat(path).contains(SharedRuntime.testModules().toAbsolutePath().toString());
    }

    @Test
    void aStopRaisedInThePoolKeepsItsType() {
        PythonRuntime runtime = SharedRuntime.get();
        assertThat(runtime.state()).isEqualTo(PythonRuntime.State.RUNNING);
        assertThatThrownBy(() -> pool.exec("import _pybridge\nraise _pybridge.Interrupted('stop')"))
                .isInstanceOf(PythonInterruptedException.class);
    }

    @Test
    @Timeout(120)
    void threadStatesOfAThousandShortLivedPooledCallersAreReclaimedInEveryInterpreter() throws Exception {
        PythonRuntime runtime = SharedRuntime.get();
        runtime.reapThreadStates();
        Map<String, ThreadStateSnapshot> before = runtime.threadStateSnapshots();
        for (int batch = 0; batch < 10; batch++) {
            List<Thread> callers = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                // 16 MiB: runs inline, so the caller's own thread gets the thread states.
                Thread caller = new Thread(null, () -> pool.callForObject(MODULE, "square_sum", Long.class, 10),
                        "short-lived-" + batch + "-" + i, 16L << 20);
                callers.add(caller);
                caller.start();
            }
            for (Thread caller : callers) {
                caller.join(60_000);
            }
        }
        runtime.reapThreadStates();
        Map<String, ThreadStateSnapshot> after = runtime.threadStateSnapshots();
        assertThat(after.keySet()).containsExactly("main", "pool-1", "pool-2");
        long pooledCreated = 0;
        for (String name : after.keySet()) {
            // Every state made meanwhile, main's included (each caller's main state is made first,
            // for its gilstate slot), was reclaimed again.
            assertThat(after.get(name).live()).as(name).isLessThanOrEqualTo(before.get(name).live());
            // At least as many reclaimed as made: threads of earlier tests may die and be reaped meanwhile.
            assertThat(after.get(name).reclaimed() - before.get(name).reclaimed()).as(name)
                    .isGreaterThanOrEqualTo(after.get(name).created() - before.get(name).created());
            if (!name.equals("main")) {
                pooledCreated += after.get(name).created() - before.get(name).created();
            }
        }
        assertThat(pooledCreated).isEqualTo(1000);
    }

    @Test
    void aPoolOfTwoMakesTwoGatesAndThreadStateCountsForEach() {
        assertThat(SharedRuntime.get().gateSnapshots(java.time.Duration.ofMinutes(1)).keySet())
                .containsExactly("main", "pool-1", "pool-2");
    }

    @PythonCall(module = MODULE, interpreter = PythonInterpreter.POOL)
    interface PooledClient {

        @PythonCall(function = "interpreter_id")
        long pooled();

        @PythonCall(function = "interpreter_id", interpreter = PythonInterpreter.MAIN)
        long inMain();
    }

    @Test
    void clientMethodsGoWhereTheirAnnotationsOrTheConfigurationSay() {
        long mainId = interpreterOf(main);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            PooledClient annotated = new PythonClientFactory(main, executor, null, true).create(PooledClient.class);
            assertThat(annotated.pooled()).isNotEqualTo(mainId);
            assertThat(annotated.inMain()).isEqualTo(mainId);
            // Configuration moves the whole client, over its annotations.
            PooledClient configured = new PythonClientFactory(main, executor, null, true,
                    Map.of("pooledClient", PythonInterpreter.MAIN)).create(PooledClient.class);
            assertThat(configured.pooled()).isEqualTo(mainId);
            PooledClient configuredToPool = new PythonClientFactory(main, executor, null, true,
                    Map.of("pooledClient", PythonInterpreter.POOL)).create(PooledClient.class);
            assertThat(configuredToPool.inMain()).isNotEqualTo(mainId);
        }
        finally {
            executor.shutdownNow();
        }
    }
}
