package io.pybridge.autoconfigure.reload;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.autoconfigure.PythonAutoConfiguration;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.exception.PythonSyntaxException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Live reload is off unless DevTools restarts the application or the property says so; on, a
 * changed module of the sources folder runs its new code at the next call, with no restart.
 */
class PythonReloadAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PythonAutoConfiguration.class, PythonReloadAutoConfiguration.class));

    @Test
    void offByDefaultWithoutDevTools() {
        // DevTools is on the test class path, but never restarts a test: the default stays off.
        contextRunner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(PythonSourceWatcher.class));
    }

    @Test
    void offWhenSwitchedOff() {
        contextRunner.withPropertyValues("pybridge.python.reload.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(PythonSourceWatcher.class));
    }

    @Test
    void onItWatchesTheSourcesFolderOnTheFileSystem() throws Exception {
        contextRunner.withPropertyValues("pybridge.python.reload.enabled=true").run(context -> {
            assertThat(context).hasSingleBean(PythonSourceWatcher.class);
            PythonSourceWatcher watcher = context.getBean(PythonSourceWatcher.class);
            assertThat(watcher.folders()).containsExactly(sourcesFolder());
            assertThat(watcher.isRunning()).isTrue();
        });
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aChangedModuleRunsItsNewCodeAtTheNextCall() throws Exception {
        String module = "live_reload_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        Path file = sourcesFolder().resolve(module + ".py");
        try {
            Files.writeString(file, "def version():\n    return 'first'\n");
            contextRunner.withPropertyValues("pybridge.python.reload.enabled=true",
                    "pybridge.python.reload.poll-interval=50ms", "pybridge.python.reload.quiet-period=100ms")
                    .run(context -> {
                        PythonTemplate python = context.getBean(PythonTemplate.class);
                        assertThat(python.call(module, "version")).isEqualTo("first");

                        Files.writeString(file, "def version():\n    return 'second'\n");
                        assertThat(await(python, module, "second")).isTrue();

                        Files.writeString(file, "def version(:\n    return 'broken'\n");
                        PythonSyntaxException broken = null;
                        try {
                            python.call("importlib", "reload", python.importModule(module));
                        }
                        catch (PythonSyntaxException expected) {
                            broken = expected;
                        }
                        assertThat(broken).isNotNull();
                        // The warning shows file, line, source and caret, not importlib's frames.
                        assertThat(PythonSourceWatcher.described(broken)).contains(file.getFileName().toString())
                                .contains("def version(:").contains("^").doesNotContain("Traceback")
                                .doesNotContain("importlib");
                        Thread.sleep(1_000);
                        assertThat(python.call(module, "version")).isEqualTo("second");

                        Files.writeString(file, "def version():\n    return 'third'\n");
                        assertThat(await(python, module, "third")).isTrue();
                    });
        }
        finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aChangeMadeWhileNoWatcherRanIsReloadedByTheNextOne() throws Exception {
        // A DevTools restart for a changed class closes the watcher; a .py changed meanwhile
        // must still reach the interpreter, which outlives the context.
        String module = "live_reload_gap_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        Path file = sourcesFolder().resolve(module + ".py");
        ApplicationContextRunner reloading = contextRunner.withPropertyValues("pybridge.python.reload.enabled=true",
                "pybridge.python.reload.poll-interval=50ms", "pybridge.python.reload.quiet-period=100ms");
        try {
            Files.writeString(file, "def version():\n    return 'first'\n");
            reloading.run(context -> assertThat(context.getBean(PythonTemplate.class).call(module, "version"))
                    .isEqualTo("first"));

            Files.writeString(file, "def version():\n    return 'while closed'\n");
            reloading.run(context -> assertThat(await(context.getBean(PythonTemplate.class), module, "while closed"))
                    .isTrue());
        }
        finally {
            Files.deleteIfExists(file);
        }
    }

    /** Polls until {@code module.version()} returns {@code expected}; false after 60 s. */
    private static boolean await(PythonTemplate python, String module, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (expected.equals(python.call(module, "version"))) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** classpath:python/ of the tests: target/test-classes/python, the shared runtime's sources. */
    private static Path sourcesFolder() throws URISyntaxException, IOException {
        return Path.of(PythonReloadAutoConfigurationTests.class.getResource("/python/autoconf_mod.py").toURI())
                .getParent().toRealPath();
    }
}
