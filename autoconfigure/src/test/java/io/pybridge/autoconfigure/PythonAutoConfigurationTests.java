package io.pybridge.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.pybridge.core.PythonOperations;
import io.pybridge.core.PythonRuntime;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.exception.PythonException;
import io.pybridge.core.exception.PythonFrame;
import io.pybridge.core.runtime.DisplayRoot;
import io.pybridge.core.runtime.ExecutionMode;
import io.pybridge.core.runtime.NameMapping;
import io.pybridge.core.runtime.NativeBinding;
import io.pybridge.core.runtime.PythonLogSink;
import io.pybridge.core.runtime.PythonRuntimeConfig;
import io.pybridge.core.runtime.WorkerProcessesConfig;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

class PythonAutoConfigurationTests {

    /** Folders that exist: pybridge.python.path entries must. */
    private static final String EXTRA = System.getProperty("java.home");

    private static final String MORE = System.getProperty("java.io.tmpdir");

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PythonAutoConfiguration.class));

    @Test
    void registersRuntimeAndTemplate() {
        contextRunner.run(context -> {
            assertThat(context).hasSingleBean(PythonRuntime.class).hasSingleBean(PythonTemplate.class)
                    .hasSingleBean(PythonRuntimeLease.class).hasSingleBean(PythonProperties.class);
            assertThat(context.getBean(PythonOperations.class)).isSameAs(context.getBean(PythonTemplate.class));
            assertThat(context.getBean(PythonOperations.class).eval("6 * 7")).isEqualTo(42L);
        });
    }

    @Test
    void disabledFlagTurnsEverythingOff() {
        contextRunner.withPropertyValues("pybridge.enabled=false").run(context -> assertThat(context)
                .doesNotHaveBean(PythonRuntime.class).doesNotHaveBean(PythonOperations.class)
                .doesNotHaveBean(PythonProperties.class));
    }

    @Test
    void userOperationsBeanWins() {
        contextRunner.withUserConfiguration(UserTemplateConfiguration.class).run(context -> {
            assertThat(context).hasSingleBean(PythonOperations.class);
            assertThat(context.getBean(PythonOperations.class)).isSameAs(context.getBean("userTemplate"));
        });
    }

    @Test
    void userRuntimeBeanWins() {
        contextRunner.run(first -> {
            contextRunner.withUserConfiguration(UserRuntimeConfiguration.class).run(context -> {
                assertThat(context).hasSingleBean(PythonRuntime.class).doesNotHaveBean(PythonRuntimeLease.class);
                assertThat(context.getBean(PythonRuntime.class)).isSameAs(context.getBean("userRuntime"));
                assertThat(context.getBean(PythonTemplate.class).getRuntime()).isSameAs(context.getBean("userRuntime"));
            });
        });
    }

    @Test
    void propertiesBindAndReachTheRuntimeConfig() {
        contextRunner.withPropertyValues("pybridge.permits=3", "pybridge.fair-permits=true", "pybridge.permit-switch-interval=20ms",
                "pybridge.acquire-timeout=250ms", "pybridge.execution-mode=workers", "pybridge.worker-threads=5",
                "pybridge.shutdown-timeout=3s", "pybridge.thread-state-reap-interval=2s",
                "pybridge.call-timing-sample=4", "pybridge.thread-stack-size=32MB", "pybridge.python.executable=python3", "pybridge.python.path=" + EXTRA + "," + MORE,
                "pybridge.python.virtualenv=/opt/venv", "pybridge.python.sources=classpath:python/",
                "pybridge.pool.size=2", "pybridge.pool.fallback-to-main=true", "pybridge.native-binding=jna",
                "pybridge.python.cache-dir=/var/cache/app-python", "pybridge.python.name-mapping=exact").run(context -> {
                    PythonProperties properties = context.getBean(PythonProperties.class);
                    assertThat(properties.getPermits()).isEqualTo(3);
                    PythonRuntimeConfig config = PythonAutoConfiguration.RuntimeConfiguration.runtimeConfig(properties,
                            new PathMatchingResourcePatternResolver());
                    assertThat(config.permits()).isEqualTo(3);
                    assertThat(config.fairPermits()).isTrue();
                    assertThat(config.permitSwitchInterval()).isEqualTo(Duration.ofMillis(20));
                    assertThat(config.acquireTimeout()).isEqualTo(Duration.ofMillis(250));
                    assertThat(config.executionMode()).isEqualTo(ExecutionMode.WORKERS);
                    assertThat(config.workerThreads()).isEqualTo(5);
                    assertThat(config.threadStackSize()).isEqualTo(32L << 20);
                    assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(config.reapInterval()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(config.callTimingSample()).isEqualTo(4);
                    assertThat(config.executable()).isEqualTo("python3");
                    assertThat(config.virtualenv()).isEqualTo(Path.of("/opt/venv"));
                    assertThat(config.pythonPath()).endsWith(Path.of(EXTRA), Path.of(MORE));
                    assertThat(config.pythonPath().get(0).resolve("autoconf_mod.py")).exists();
                    assertThat(config.logSink()).isInstanceOf(Slf4jPythonLogSink.class);
                    assertThat(config.poolSize()).isEqualTo(2);
                    assertThat(config.poolFallbackToMain()).isTrue();
                    assertThat(config.nativeBinding()).isEqualTo(NativeBinding.JNA);
                    assertThat(config.cacheDirectory()).isEqualTo(Path.of("/var/cache/app-python"));
                    assertThat(config.resolvedCacheDirectory()).isEqualTo(Path.of("/var/cache/app-python"));
                    assertThat(config.nameMapping()).isEqualTo(NameMapping.EXACT);
                });
    }

    @Test
    void workerProcessPropertiesBindAndReachTheRuntimeConfig() {
        contextRunner.withPropertyValues("pybridge.processes.size=3", "pybridge.processes.memory-limit=512MB",
                "pybridge.processes.recycle-after-calls=1000", "pybridge.processes.stop-grace-period=2s",
                "pybridge.processes.start-timeout=90s", "pybridge.processes.acquire-timeout=750ms").run(context -> {
                    WorkerProcessesConfig processes = PythonAutoConfiguration.RuntimeConfiguration.runtimeConfig(
                            context.getBean(PythonProperties.class), new PathMatchingResourcePatternResolver()).processes();
                    assertThat(processes).isEqualTo(new WorkerProcessesConfig(3, 512L << 20, 1000, Duration.ofSeconds(2),
                            Duration.ofSeconds(90), Duration.ofMillis(750)));
                    assertThat(processes.enabled()).isTrue();
                });
    }

    @Test
    void workerProcessesAreOffByDefaultWithCoresDefaults() {
        contextRunner.run(context -> {
            WorkerProcessesConfig processes = PythonAutoConfiguration.RuntimeConfiguration.runtimeConfig(
                    context.getBean(PythonProperties.class), new PathMatchingResourcePatternResolver()).processes();
            assertThat(processes).isEqualTo(WorkerProcessesConfig.NONE);
            assertThat(processes.enabled()).isFalse();
            assertThat(processes.memoryLimitBytes()).isZero();
            assertThat(processes.stopGracePeriod()).isEqualTo(Duration.ofSeconds(5));
            assertThat(processes.startTimeout()).isEqualTo(Duration.ofSeconds(60));
            assertThat(processes.acquireTimeout()).isEqualTo(Duration.ofSeconds(30));
        });
    }

    @Test
    void aWorkerProcessRecordGoesToThePythonLoggerNamedInTheMdcAndTheMessage() {
        Logger logger = (Logger) LoggerFactory.getLogger("python.autoconf.worker");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            Slf4jPythonLogSink sink = new Slf4jPythonLogSink(true);
            sink.log(PythonLogSink.WARNING, "autoconf.worker", "careful", "process-2");
            sink.log(PythonLogSink.INFO, "autoconf.worker", "from main");
            assertThat(appender.list).hasSize(2);
            ILoggingEvent fromWorker = appender.list.get(0);
            assertThat(fromWorker.getLevel()).isEqualTo(Level.WARN);
            assertThat(fromWorker.getFormattedMessage()).isEqualTo("[process-2] careful");
            assertThat(fromWorker.getMDCPropertyMap()).containsEntry(Slf4jPythonLogSink.INTERPRETER_KEY, "process-2");
            ILoggingEvent fromMain = appender.list.get(1);
            assertThat(fromMain.getFormattedMessage()).isEqualTo("from main");
            assertThat(fromMain.getMDCPropertyMap()).doesNotContainKey(Slf4jPythonLogSink.INTERPRETER_KEY);
            assertThat(MDC.get(Slf4jPythonLogSink.INTERPRETER_KEY)).as("taken away after the record").isNull();
        }
        finally {
            logger.detachAppender(appender);
        }
    }

    @Test
    void namesMapToSnakeCaseUnlessTurnedOff() {
        contextRunner.run(context -> assertThat(context.getBean(PythonRuntime.class).config().nameMapping())
                .isEqualTo(NameMapping.SNAKE_CASE));
        contextRunner.withPropertyValues("pybridge.python.name-mapping=snake-case").run(context -> assertThat(
                PythonAutoConfiguration.RuntimeConfiguration.runtimeConfig(context.getBean(PythonProperties.class),
                        new PathMatchingResourcePatternResolver()).nameMapping()).isEqualTo(NameMapping.SNAKE_CASE));
    }

    @Test
    void packagesInstalledAtBuildTimeComeFirstAndBothAreUnpackedIntoTheCache(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String name : new String[] { "python-packages/", "python-packages/shapes/", "python/" }) {
                out.putNextEntry(new JarEntry(name));
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("python-packages/shapes/__init__.py"));
            out.write("AREA = 12\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            out.putNextEntry(new JarEntry("python/app.py"));
            out.write("import shapes\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        PythonProperties properties = new PythonProperties();
        properties.getPython().setCacheDir(dir.resolve("cache").toString());
        try (URLClassLoader loader = new URLClassLoader(new URL[] { jar.toUri().toURL() }, null)) {
            PythonRuntimeConfig config = PythonAutoConfiguration.RuntimeConfiguration.runtimeConfig(properties,
                    new PathMatchingResourcePatternResolver(loader));
            assertThat(config.packages()).singleElement()
                    .satisfies(folder -> assertThat(folder.resolve("shapes/__init__.py")).hasContent("AREA = 12"))
                    .satisfies(folder -> assertThat(folder).startsWith(dir.resolve("cache/python-packages")));
            assertThat(config.pythonPath()).singleElement()
                    .satisfies(folder -> assertThat(folder.resolve("app.py")).exists())
                    .satisfies(folder -> assertThat(folder).startsWith(dir.resolve("cache/python-sources")));
        }
    }

    @Test
    void classpathSourcesAreImportableIncludingPackages() {
        contextRunner.run(context -> assertThat(context.getBean(PythonTemplate.class)
                .callForObject("autoconf_mod", "double", Long.class, 21)).isEqualTo(42L));
    }

    @Test
    void aPythonErrorNamesTheProjectsSourceFileWithItsLine() {
        // classpath:python/ is target/test-classes/python, Maven's copy of src/test/resources/python.
        String edited = Path.of("src/test/resources/python/autoconf_mod.py").toAbsolutePath().toString();
        contextRunner.run(context -> {
            PythonException failure = catchThrowableOfType(PythonException.class,
                    () -> context.getBean(PythonTemplate.class).call("autoconf_mod", "fail", "bad trip"));
            assertThat(failure.getPythonFrames()).containsExactly(
                    new PythonFrame(edited, 16, "fail", "raise ValueError(message)"));
            assertThat(failure.getMessage()).contains("File \"" + edited + "\", line 16, in fail"
                    + System.lineSeparator() + "    raise ValueError(message)");
        });
    }

    @Test
    void unpackedSourcesAreNamedByTheirClasspathLocation(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("python/"));
            out.closeEntry();
            out.putNextEntry(new JarEntry("python/trips.py"));
            out.write("def plan():\n    return {}['x']\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        PythonProperties properties = new PythonProperties();
        properties.getPython().setCacheDir(dir.resolve("cache").toString());
        try (URLClassLoader loader = new URLClassLoader(new URL[] { jar.toUri().toURL() }, null)) {
            PythonRuntimeConfig config = PythonAutoConfiguration.RuntimeConfiguration.runtimeConfig(properties,
                    new PathMatchingResourcePatternResolver(loader));
            Path unpacked = config.pythonPath().get(0);
            assertThat(unpacked).startsWith(dir.resolve("cache/python-sources"));
            assertThat(config.displayRoots()).containsExactly(Map.entry(unpacked, DisplayRoot.named("classpath:python/")));
        }
    }

    @Test
    void aSecondContextReusesTheLiveInterpreter() {
        AtomicReference<PythonRuntime> first = new AtomicReference<>();
        contextRunner.run(context -> first.set(context.getBean(PythonRuntime.class)));
        // The first context is closed; the JVM is not shutting down, so Python stays up for the next one.
        assertThat(first.get().state()).isEqualTo(PythonRuntime.State.RUNNING);
        contextRunner.run(context -> {
            assertThat(context.getBean(PythonRuntime.class)).isSameAs(first.get());
            assertThat(context.getBean(PythonTemplate.class).eval("1 + 1")).isEqualTo(2L);
        });
    }

    @Test
    void pythonLoggingReachesSlf4j() {
        Logger logger = (Logger) LoggerFactory.getLogger("python.autoconf.test");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            contextRunner.run(context -> context.getBean(PythonTemplate.class).call("autoconf_mod", "log_warning",
                    "careful"));
            assertThat(appender.list).hasSize(1);
            assertThat(appender.list.get(0).getLevel()).isEqualTo(Level.WARN);
            assertThat(appender.list.get(0).getFormattedMessage()).isEqualTo("careful");
        }
        finally {
            logger.detachAppender(appender);
        }
    }

    @Test
    void pythonLogRecordsCarryTheCallersMdcAcrossTheHandOffToAWorker() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger("python.autoconf.test");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            contextRunner.run(context -> {
                PythonTemplate python = context.getBean(PythonTemplate.class);
                AtomicReference<Throwable> failure = new AtomicReference<>();
                // A 256 KiB stack, like a small request thread: the call is handed to a worker.
                Thread caller = new Thread(null, () -> {
                    try {
                        MDC.put("traceId", "4bf92f3577b34da6");
                        python.call("autoconf_mod", "log_warning", "traced");
                        MDC.clear();
                        python.call("autoconf_mod", "log_warning", "untraced");
                    }
                    catch (Throwable ex) {
                        failure.set(ex);
                    }
                }, "small-stack-caller", 256 * 1024);
                caller.start();
                caller.join(60_000);
                assertThat(failure.get()).isNull();
            });
            assertThat(appender.list).hasSize(2);
            ILoggingEvent traced = appender.list.get(0);
            assertThat(traced.getThreadName()).as("ran on a worker, not the caller").isNotEqualTo("small-stack-caller");
            assertThat(traced.getMDCPropertyMap()).containsEntry("traceId", "4bf92f3577b34da6");
            assertThat(appender.list.get(1).getMDCPropertyMap()).as("the worker does not keep it").doesNotContainKey("traceId");
        }
        finally {
            logger.detachAppender(appender);
        }
    }

    @Test
    void printedLinesReachSlf4j() {
        Logger logger = (Logger) LoggerFactory.getLogger("python.stdout");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            contextRunner.run(context -> context.getBean(PythonTemplate.class).exec("print('hello from python')"));
            assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage).contains("hello from python");
            assertThat(appender.list).allMatch(event -> event.getLevel() == Level.INFO);
        }
        finally {
            logger.detachAppender(appender);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserTemplateConfiguration {

        @Bean
        PythonOperations userTemplate(PythonRuntime runtime) {
            return new PythonTemplate(runtime);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserRuntimeConfiguration {

        @Bean(destroyMethod = "")
        PythonRuntime userRuntime() {
            return PythonRuntime.current().orElseThrow();
        }
    }
}
