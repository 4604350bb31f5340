package io.pybridge.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The runtime configuration's defaults and checks: values only, no interpreter. */
class PythonRuntimeConfigTest {

    @Test
    void defaults() {
        PythonRuntimeConfig config = PythonRuntimeConfig.builder().build();
        assertThat(config.permits()).isZero();
        assertThat(config.permitsFor(false)).isEqualTo(1);
        assertThat(config.fairPermits()).isFalse();
        assertThat(config.permitSwitchInterval()).as("CPython's own switch interval").isEqualTo(Duration.ofMillis(5));
        assertThat(config.acquireTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.executionMode()).isEqualTo(ExecutionMode.CALLER);
        assertThat(config.threadStackSize()).isEqualTo(16L << 20);
        assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.libraryPath()).isNull();
        assertThat(config.executable()).isNull();
        assertThat(config.virtualenv()).isNull();
        assertThat(config.logSink()).isNull();
        assertThat(config.pythonPath()).isEmpty();
    }

    @Test
    void permitsDefaultToOneWithAGilAndToTheCoresWithout() {
        int cores = Runtime.getRuntime().availableProcessors();
        assertThat(PythonRuntimeConfig.builder().build().permitsFor(false)).isEqualTo(1);
        assertThat(PythonRuntimeConfig.builder().build().permitsFor(true)).isEqualTo(cores);
        assertThat(PythonRuntimeConfig.builder().permits(3).build().permitsFor(true)).isEqualTo(3);
        assertThat(PythonRuntimeConfig.builder().permits(3).build().permitsFor(false)).isEqualTo(3);
    }

    @Test
    void theWorkerPoolDefaultsToOneMoreThanThoseInsidePython() {
        assertThat(PythonRuntimeConfig.builder().build().workerThreadsFor(1)).isEqualTo(2);
        assertThat(PythonRuntimeConfig.builder().build().workerThreadsFor(4)).isEqualTo(5);
        assertThat(PythonRuntimeConfig.builder().poolSize(2).build().workerThreadsFor(1)).isEqualTo(4);
        assertThat(PythonRuntimeConfig.builder().workerThreads(3).build().workerThreadsFor(4)).isEqualTo(3);
    }

    @Test
    void valuesThatCannotWorkAreRefusedWithTheirName() {
        assertThatThrownBy(() -> PythonRuntimeConfig.builder().permits(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("permits");
        assertThatThrownBy(() -> PythonRuntimeConfig.builder().workerThreads(-1)).hasMessageContaining("workerThreads");
        assertThatThrownBy(() -> PythonRuntimeConfig.builder().threadStackSize(1L << 20))
                .hasMessageContaining("threadStackSize").hasMessageContaining("8 MiB");
        assertThatThrownBy(() -> PythonRuntimeConfig.builder().permitSwitchInterval(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("permitSwitchInterval");
        assertThatThrownBy(() -> PythonRuntimeConfig.builder().acquireTimeout(Duration.ZERO))
                .hasMessageContaining("positive");
        assertThat(PythonRuntimeConfig.builder().threadStackSize(8L << 20).build().threadStackSize()).isEqualTo(8L << 20);
    }

    @Test
    void theCacheFolderComesFromTheConfigThenTheEnvironmentThenXdgThenTheHome() {
        assertThat(PythonRuntimeConfig.builder().cacheDirectory(Path.of("/c")).environment(n -> "/env").build()
                .resolvedCacheDirectory()).isEqualTo(Path.of("/c"));
        assertThat(PythonRuntimeConfig.builder().environment(
                n -> n.equals(PythonRuntimeConfig.CACHE_DIR_ENV) ? "/env" : "/xdg").build().resolvedCacheDirectory())
                .isEqualTo(Path.of("/env"));
        assertThat(PythonRuntimeConfig.builder().environment(n -> n.equals("XDG_CACHE_HOME") ? "/xdg" : null).build()
                .resolvedCacheDirectory()).isEqualTo(Path.of("/xdg", "pybridge"));
        assertThat(PythonRuntimeConfig.builder().environment(n -> null).build().resolvedCacheDirectory())
                .isEqualTo(Path.of(System.getProperty("user.home"), ".cache", "pybridge"));
    }

    @Test
    void pythonPathEntriesAddUp() {
        PythonRuntimeConfig config = PythonRuntimeConfig.builder().addPythonPath(Path.of("/a"))
                .addPythonPath(Path.of("/b")).build();
        assertThat(config.pythonPath()).containsExactly(Path.of("/a"), Path.of("/b"));
        assertThat(config.displayRoots()).isEmpty();
    }

    @Test
    void aPythonPathEntryMayNameItsFilesForReports() {
        PythonRuntimeConfig config = PythonRuntimeConfig.builder().addPythonPath(Path.of("/a"))
                .addPythonPath(Path.of("/cache/app-1"), DisplayRoot.named("classpath:python/")).build();
        assertThat(config.pythonPath()).containsExactly(Path.of("/a"), Path.of("/cache/app-1"));
        assertThat(config.displayRoots()).containsExactly(
                java.util.Map.entry(Path.of("/cache/app-1"), new DisplayRoot("classpath:python/", false)));
    }
}
