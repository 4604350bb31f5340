package io.pybridge.core.internal.attach;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.CPythonTest;
import io.pybridge.core.PythonRuntime;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.SharedRuntime;
import io.pybridge.core.runtime.ExecutionMode;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The runtime started by an application thread whose context class loader is the application's
 * (as DevTools' restart class loader is): the threads the runtime keeps take pybridge's own, and
 * a call handed to a shared worker still runs under its caller's. Own JVM.
 */
@CPythonTest
@Tag("isolated")
class RuntimeOwnedThreadsTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void keptThreadsHavePybridgesClassLoaderAndWorkersRunUnderTheCallers() throws Exception {
        ClassLoader pybridge = PythonRuntime.class.getClassLoader();
        Thread self = Thread.currentThread();
        ClassLoader original = self.getContextClassLoader();
        try (URLClassLoader application = new URLClassLoader(new URL[0], pybridge)) {
            self.setContextClassLoader(application);
            PythonRuntime runtime = PythonRuntime.start(SharedRuntime.config().executionMode(ExecutionMode.WORKERS)
                    .workerThreads(2).build());
            try {
                PythonTemplate python = new PythonTemplate(runtime);
                // The call runs on a shared worker, under the caller's class loader.
                ClassLoader seen = python.execute(session -> Thread.currentThread().getContextClassLoader());
                assertThat(seen).isSameAs(application);
                AtomicReference<ClassLoader> seenByOther = new AtomicReference<>();
                Thread other = new Thread(() -> {
                    ClassLoader seenThere = python.execute(session -> Thread.currentThread().getContextClassLoader());
                    seenByOther.set(seenThere);
                });
                ClassLoader otherLoader = new URLClassLoader(new URL[0], pybridge);
                other.setContextClassLoader(otherLoader);
                other.start();
                other.join();
                assertThat(seenByOther.get()).isSameAs(otherLoader);

                Map<String, ClassLoader> kept = Thread.getAllStackTraces().keySet().stream()
                        .filter(thread -> thread.getName().startsWith("pybridge-"))
                        .collect(Collectors.toMap(Thread::getName, Thread::getContextClassLoader, (a, b) -> a));
                assertThat(kept).containsKeys("pybridge-interpreter", "pybridge-housekeeping", "pybridge-worker-1");
                assertThat(kept).allSatisfy((name, loader) -> assertThat(loader).as(name).isSameAs(pybridge));
            }
            finally {
                self.setContextClassLoader(original);
                assertThat(runtime.close(Duration.ofSeconds(5))).isTrue();
            }
        }
    }
}
