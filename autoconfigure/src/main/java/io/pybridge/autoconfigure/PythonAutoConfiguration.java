package io.pybridge.autoconfigure;

import io.pybridge.core.PythonCallInterceptor;
import io.pybridge.core.PythonOperations;
import io.pybridge.core.PythonRuntime;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.runtime.PythonRuntimeConfig;
import io.pybridge.core.runtime.WorkerProcessesConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.util.unit.DataSize;

/**
 * Boots the embedded CPython interpreter once per JVM and registers a {@link PythonTemplate}
 * (also as {@link PythonOperations}). Supply your own {@link PythonRuntime} or
 * {@link PythonOperations} bean to replace them; {@code pybridge.enabled=false} turns it off.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "pybridge", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(PythonProperties.class)
@Import({ PythonAutoConfiguration.RuntimeConfiguration.class, PythonAutoConfiguration.TemplateConfiguration.class })
public final class PythonAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(PythonRuntime.class)
    static class RuntimeConfiguration {

        @Bean
        @ConditionalOnMissingBean
        PythonRuntimeLease pythonRuntimeLease(PythonProperties properties, ResourcePatternResolver resourceResolver,
                Environment environment) {
            StartupEnvironment variables = new StartupEnvironment(environment);
            try {
                return PythonRuntimeLease.acquire(runtimeConfig(properties, resourceResolver, variables,
                        ExecutableSetting.of(environment)), properties.isFinalizeOnContextClose());
            }
            finally {
                // The runtime keeps its configuration for the JVM's life, not this context's environment.
                variables.detach();
            }
        }

        /** Closed by the lease, not by the context: the interpreter may outlive this context. */
        @Bean(destroyMethod = "")
        PythonRuntime pythonRuntime(PythonRuntimeLease lease) {
            return lease.runtime();
        }

        static PythonRuntimeConfig runtimeConfig(PythonProperties properties, ResourcePatternResolver resolver) {
            return runtimeConfig(properties, resolver, System::getenv);
        }

        /**
         * With Spring's environment: its variables, and the setting the executable came from named.
         * The configuration keeps {@code environment}; the runtime's own reads it through a
         * {@link StartupEnvironment} instead, which it lets go of once the runtime has started.
         */
        static PythonRuntimeConfig runtimeConfig(PythonProperties properties, ResourcePatternResolver resolver,
                Environment environment) {
            return runtimeConfig(properties, resolver, environment::getProperty, ExecutableSetting.of(environment));
        }

        static PythonRuntimeConfig runtimeConfig(PythonProperties properties, ResourcePatternResolver resolver,
                UnaryOperator<String> environment) {
            return runtimeConfig(properties, resolver, environment, ExecutableSetting.PROPERTY);
        }

        /**
         * @param environment where pybridge-core reads its environment variables
         *        ({@code PYBRIDGE_PYTHON_LIBRARY}, {@code PYBRIDGE_CACHE_DIR}, ...): Spring's
         *        {@code Environment}, so they are the variables Spring sees (and tests can set)
         * @param executableSetting the setting {@code pybridge.python.executable} came from, as
         *        the start-up log and failures name what chose the Python ({@link ExecutableSetting})
         */
        static PythonRuntimeConfig runtimeConfig(PythonProperties properties, ResourcePatternResolver resolver,
                UnaryOperator<String> environment, String executableSetting) {
            PythonProperties.Python python = properties.getPython();
            PythonRuntimeConfig.Builder builder;
            try {
                builder = PythonRuntimeConfig.builder()
                        .environment(environment)
                        .executable(python.getExecutable(), executableSetting)
                        .permits(properties.getPermits())
                        .fairPermits(properties.isFairPermits())
                        .permitSwitchInterval(properties.getPermitSwitchInterval())
                        .acquireTimeout(properties.getAcquireTimeout())
                        .executionMode(properties.getExecutionMode())
                        .workerThreads(properties.getWorkerThreads())
                        .threadStackSize(properties.getThreadStackSize().toBytes())
                        .shutdownTimeout(properties.getShutdownTimeout())
                        .reapInterval(properties.getThreadStateReapInterval())
                        .callTimingSample(properties.getCallTimingSample())
                        .poolSize(properties.getPool().getSize())
                        .poolFallbackToMain(properties.getPool().isFallbackToMain())
                        .processes(processes(properties.getProcesses()))
                        .nativeBinding(properties.getNativeBinding())
                        .nameMapping(python.getNameMapping());
            }
            catch (IllegalArgumentException ex) {
                // The builder checks ranges (negative permits, a zero timeout, a small stack): named by property here.
                throw PythonConfigurationException.outOfRange(ex);
            }
            if (python.getLibrary() != null && !python.getLibrary().isBlank()) {
                builder.libraryPath(Path.of(python.getLibrary()));
            }
            if (python.getCacheDir() != null && !python.getCacheDir().isBlank()) {
                builder.cacheDirectory(Path.of(python.getCacheDir()));
            }
            if (python.getVirtualenv() != null && !python.getVirtualenv().isBlank()) {
                builder.virtualenv(Path.of(python.getVirtualenv()));
            }
            // The cache folder as configured so far (property, environment or default) receives
            // what is unpacked from a jar.
            PythonSources files = new PythonSources(resolver, builder.build().resolvedCacheDirectory());
            if (python.getPackages() != null && !python.getPackages().isBlank()) {
                files.directory(python.getPackages(), PythonSources.PACKAGES, "pybridge.python.packages",
                        PythonProperties.Python.DEFAULT_PACKAGES).ifPresent(builder::addPackages);
            }
            if (python.getSources() != null && !python.getSources().isBlank()) {
                // With the name tracebacks give its files: the classpath resource, or the project's file.
                files.folder(python.getSources(), PythonSources.SOURCES, "pybridge.python.sources",
                        PythonProperties.Python.DEFAULT_SOURCES).ifPresent(folder -> folder.addTo(builder));
            }
            for (String entry : python.getPath()) {
                Path folder = Path.of(entry);
                if (!Files.exists(folder)) {
                    // Accepted silently, it would only fail later as "Cannot import".
                    throw new PythonConfigurationException("pybridge.python.path", "pybridge.python.path names " + entry
                            + ", which does not exist", "Remove it from pybridge.python.path or create it; entries are "
                                    + "folders (or zip files) put on sys.path as they are.");
                }
                builder.addPythonPath(folder);
            }
            if (properties.getLogging().isPropagateMdc()) {
                builder.callContext(new MdcPythonCallContext());
            }
            if (properties.getLogging().isEnabled()) {
                builder.logSink(new Slf4jPythonLogSink(properties.getLogging().isCaptureOutput()));
            }
            return builder.build();
        }

        /** {@code pybridge.processes.*}; the builder and the record check the ranges. */
        private static WorkerProcessesConfig processes(PythonProperties.Processes processes) {
            DataSize memoryLimit = processes.getMemoryLimit();
            return WorkerProcessesConfig.builder()
                    .size(processes.getSize())
                    .memoryLimitBytes(memoryLimit == null ? 0 : memoryLimit.toBytes())
                    .recycleAfterCalls(processes.getRecycleAfterCalls())
                    .stopGracePeriod(processes.getStopGracePeriod())
                    .startTimeout(processes.getStartTimeout())
                    .acquireTimeout(processes.getAcquireTimeout())
                    .build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TemplateConfiguration {

        @Bean
        @ConditionalOnMissingBean(PythonOperations.class)
        PythonTemplate pythonTemplate(PythonRuntime runtime, ObjectProvider<PythonCallInterceptor> interceptor) {
            return new PythonTemplate(runtime, interceptor.getIfUnique());
        }
    }
}
