package io.pybridge.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.exception.PythonSyntaxException;
import io.pybridge.core.runtime.SourceReload;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link PythonRuntime#reloadSources}: a changed module runs its new code at the next call in
 * the main interpreter and in every pooled one, while other threads keep calling. The modules
 * are written into the shared runtime's python path under names of their own, and each rewrite
 * keeps the file's size, in the same second, over a {@code .pyc} of the version before, which
 * Python would take for current.
 */
@CPythonTest
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SourceReloadTest {

    private final PythonTemplate main = SharedRuntime.template();

    private final PythonTemplate pool = main.inPool();

    private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);

    private final List<Path> written = new ArrayList<>();

    @AfterEach
    void removeModules() throws IOException {
        for (Path file : written) {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void aChangedBodyRunsInEveryInterpreterAtTheNextCall() throws Exception {
        String module = "reload_body_" + suffix;
        Path file = write(module, valueModule(1));
        assertThat(inEveryInterpreter(module)).containsOnly(1L);

        write(module, valueModule(2));
        SourceReload reload = SharedRuntime.get().reloadSources(List.of(file));

        assertThat(reload.succeeded()).isTrue();
        assertThat(reload.reloadedModules()).containsExactly(module);
        List<String> everywhere = new ArrayList<>(SharedRuntime.get().interpreters());
        SharedRuntime.get().processSnapshot().forEach(worker -> everywhere.add(worker.name()));
        assertThat(reload.interpreters()).containsExactlyElementsOf(everywhere);
        assertThat(inEveryInterpreter(module)).containsOnly(2L);
    }

    @Test
    void anOpenStreamKeepsItsCodeAndTheNextCallGetsTheNew() throws Exception {
        String module = "reload_stream_" + suffix;
        Path file = write(module, "def items():\n    for i in range(5):\n        yield 'old'\n");
        try (java.util.stream.Stream<String> open = main.callForObject(module, "items",
                new TypeRef<java.util.stream.Stream<String>>() { })) {
            java.util.Iterator<String> items = open.iterator();
            assertThat(items.next()).isEqualTo("old");

            write(module, "def items():\n    for i in range(5):\n        yield 'new'\n");
            assertThat(SharedRuntime.get().reloadSources(List.of(file)).succeeded()).isTrue();

            // The running generator's frame holds the code it started with.
            assertThat(items.next()).isEqualTo("old");
            assertThat(main.callForObject(module, "items", new TypeRef<List<String>>() { })).containsOnly("new");
        }
    }

    @Test
    void aChangedSignatureTakesTheNewArguments() throws Exception {
        String module = "reload_signature_" + suffix;
        Path file = write(module, "def add(a):\n    return a\n");
        assertThat(main.call(module, "add", 1)).isEqualTo(1L);

        write(module, "def add(a, b=10, *, c=100):\n    return a + b + c\n");
        assertThat(SharedRuntime.get().reloadSources(List.of(file)).succeeded()).isTrue();

        assertThat(main.call(module, "add", 1, 2)).isEqualTo(103L);
        assertThat(main.call(module, "add", List.of(1), java.util.Map.of("c", 3), Long.class)).isEqualTo(14L);
    }

    @Test
    void aNewModuleIsFoundAndItsImporterRunsAgain() throws Exception {
        String user = "reload_user_" + suffix;
        String added = "reload_added_" + suffix;
        Path userFile = write(user, "def describe():\n    return 'alone'\n");
        assertThat(main.call(user, "describe")).isEqualTo("alone");

        Path addedFile = write(added, "def greeting():\n    return 'from the new module'\n");
        write(user, "from " + added + " import greeting\ndef describe():\n    return greeting()\n");
        SourceReload reload = SharedRuntime.get().reloadSources(List.of(addedFile, userFile));

        assertThat(reload.failures()).isEmpty();
        assertThat(main.call(user, "describe")).isEqualTo("from the new module");
        assertThat(pool.call(user, "describe")).isEqualTo("from the new module");
    }

    @Test
    void aModuleThatImportedFromAChangedOneIsReloadedAfterIt() throws Exception {
        String base = "reload_base_" + suffix;
        String importer = "reload_importer_" + suffix;
        Path baseFile = write(base, "def rate():\n    return 1\n");
        write(importer, "from " + base + " import rate\ndef doubled():\n    return 2 * rate()\n");
        assertThat(main.call(importer, "doubled")).isEqualTo(2L);

        write(base, "def rate():\n    return 5\n");
        SourceReload reload = SharedRuntime.get().reloadSources(List.of(baseFile));

        // The importer bound the old rate() by name: it runs again, after the module it imports.
        assertThat(reload.reloadedModules()).containsExactly(base, importer);
        assertThat(main.call(importer, "doubled")).isEqualTo(10L);
    }

    @Test
    void aSyntaxErrorKeepsThePreviousCodeAndIsReportedOnceUntilFixed() throws Exception {
        String module = "reload_syntax_" + suffix;
        Path file = write(module, valueModule(1));
        assertThat(inEveryInterpreter(module)).containsOnly(1L);

        write(module, brokenModule());
        SourceReload broken = SharedRuntime.get().reloadSources(List.of(file));

        assertThat(broken.reloadedModules()).isEmpty();
        assertThat(broken.failures()).singleElement().isInstanceOfSatisfying(PythonSyntaxException.class, syntax -> {
            assertThat(syntax.getMessage()).contains(file.getFileName().toString()).contains("def value(pause=0.0:");
        });
        assertThat(inEveryInterpreter(module)).containsOnly(1L);

        write(module, valueModule(3));
        SourceReload fixed = SharedRuntime.get().reloadSources(List.of(file));

        assertThat(fixed.failures()).isEmpty();
        assertThat(inEveryInterpreter(module)).containsOnly(3L);
    }

    @Test
    void callsFromOtherThreadsSeeTheOldOrTheNewCodeAndNothingElse() throws Exception {
        String module = "reload_busy_" + suffix;
        Path file = write(module, valueModule(0));
        main.call(module, "value");
        AtomicBoolean running = new AtomicBoolean(true);
        Set<Object> seen = ConcurrentHashMap.newKeySet();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        ExecutorService callers = Executors.newFixedThreadPool(4);
        CountDownLatch calling = new CountDownLatch(4);
        try {
            List<Future<?>> loops = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                PythonTemplate target = i % 2 == 0 ? main : pool;
                loops.add(callers.submit(() -> {
                    calling.countDown();
                    while (running.get()) {
                        try {
                            seen.add(target.call(module, "value"));
                        }
                        catch (RuntimeException ex) {
                            failures.add(ex);
                        }
                    }
                }));
            }
            assertThat(calling.await(60, TimeUnit.SECONDS)).isTrue();
            for (int version = 1; version <= 5; version++) {
                write(module, valueModule(version));
                assertThat(SharedRuntime.get().reloadSources(List.of(file)).failures()).isEmpty();
                if (version == 3) {
                    write(module, brokenModule());
                    assertThat(SharedRuntime.get().reloadSources(List.of(file)).failures()).hasSize(1);
                }
            }
            running.set(false);
            for (Future<?> loop : loops) {
                loop.get(60, TimeUnit.SECONDS);
            }
        }
        finally {
            running.set(false);
            callers.shutdownNow();
        }
        assertThat(failures).isEmpty();
        assertThat(seen).isSubsetOf(0L, 1L, 2L, 3L, 4L, 5L).contains(5L);
        assertThat(inEveryInterpreter(module)).containsOnly(5L);
    }

    /**
     * {@code value(0.3)} from as many threads at once as there are interpreters, so each pooled
     * interpreter runs one (a caller takes a free one), plus the main interpreter.
     */
    private Set<Object> inEveryInterpreter(String module) throws Exception {
        int pooled = Math.max(1, SharedRuntime.get().poolMembers().size());
        ExecutorService callers = Executors.newFixedThreadPool(pooled + SharedRuntime.PROCESSES);
        try {
            List<Future<Object>> results = new ArrayList<>();
            for (int i = 0; i < pooled; i++) {
                results.add(callers.submit(() -> pool.call(module, "value", 0.3)));
            }
            // The worker processes too: each is replaced after a reload and imports the new source.
            for (int i = 0; i < SharedRuntime.PROCESSES; i++) {
                results.add(callers.submit(() -> main.inProcesses().call(module, "value", 0.3)));
            }
            Set<Object> values = ConcurrentHashMap.newKeySet();
            values.add(main.call(module, "value"));
            for (Future<Object> result : results) {
                values.add(result.get(60, TimeUnit.SECONDS));
            }
            return values;
        }
        finally {
            callers.shutdownNow();
        }
    }

    /**
     * Writes a module's source. A version already there is compiled to its {@code .pyc} first,
     * whatever PYTHONDONTWRITEBYTECODE says, so that the new version, of the same size and in the
     * same second, meets the stale {@code .pyc} an edit leaves behind.
     */
    private Path write(String module, String source) throws IOException {
        Path file = SharedRuntime.testModules().resolve(module + ".py");
        if (Files.exists(file)) {
            main.call("py_compile", "compile", file.toString(), null, null, false);
        }
        // Replaced at once, as editors save: an interpreter importing the module for the first time
        // while it is written (a pooled one, in the busy test) must never read a half-written file.
        Path next = file.resolveSibling("." + module + ".next");
        Files.writeString(next, source, StandardCharsets.UTF_8);
        Files.move(next, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        if (!written.contains(file)) {
            written.add(file);
        }
        return file;
    }

    /** A module whose {@code value(pause)} returns {@code digit}: every version the same size. */
    private static String valueModule(int digit) {
        return "import time\ndef value(pause=0.0):\n    time.sleep(pause)\n    return " + digit + "\n";
    }

    /** {@link #valueModule} with a syntax error, the same size again. */
    private static String brokenModule() {
        return "import time\ndef value(pause=0.0:\n    time.sleep(pause)\n    return 9\n";
    }
}
