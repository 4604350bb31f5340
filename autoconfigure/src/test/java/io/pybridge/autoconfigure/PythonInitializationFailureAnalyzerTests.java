package io.pybridge.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.pybridge.core.exception.PythonInitializationException;
import io.pybridge.core.exception.PythonInitializationException.Reason;
import io.pybridge.core.internal.interpreter.PythonLocator;
import io.pybridge.core.runtime.PythonRuntimeConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContextException;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/** Start-up failures become Spring Boot's description and action. */
class PythonInitializationFailureAnalyzerTests {

    private final PythonInitializationFailureAnalyzer analyzer = new PythonInitializationFailureAnalyzer();

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(PythonProperties.class)
    static class BindOnly {
    }

    @Test
    void pythonNotFound() {
        PythonInitializationException failure = locate(PythonRuntimeConfig.builder().executable("/nonexistent/python3"));
        FailureAnalysis analysis = analyzer.analyze(new ApplicationContextException("wrapped", failure));
        assertThat(analysis.getDescription()).startsWith("pybridge could not find a Python to embed")
                .contains("/nonexistent/python3");
        assertThat(analysis.getAction()).contains("apt-get install").contains("pybridge.python.executable")
                .contains("pybridge.enabled=false");
        assertThat(analysis.getCause()).isSameAs(failure);
    }

    @Test
    void aPythonChosenByPybridgePythonIsNamedInTheDescriptionAndTheAction() {
        new ApplicationContextRunner().withUserConfiguration(BindOnly.class).withInitializer(context -> {
            ConfigurableEnvironment environment = context.getEnvironment();
            environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                    new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                            Map.of("PYBRIDGE_PYTHON", "/nonexistent/python3")));
            new PythonEnvironmentPostProcessor().postProcessEnvironment(environment, null);
        }).run(context -> {
            PythonRuntimeConfig config = PythonAutoConfiguration.RuntimeConfiguration.runtimeConfig(
                    context.getBean(PythonProperties.class), new PathMatchingResourcePatternResolver(),
                    context.getEnvironment());
            PythonInitializationException failure = catchThrowableOfType(PythonInitializationException.class,
                    () -> new PythonLocator(config).locate());
            FailureAnalysis analysis = analyzer.analyze(new ApplicationContextException("wrapped", failure));
            assertThat(analysis.getDescription()).startsWith("pybridge could not find a Python to embed")
                    .endsWith("(the Python chosen by the environment variable PYBRIDGE_PYTHON (/nonexistent/python3))");
            assertThat(analysis.getAction()).contains("The Python was chosen by the environment variable PYBRIDGE_PYTHON "
                    + "(/nonexistent/python3). Set pybridge.python.executable");
        });
    }

    @Test
    void whatChoseThePythonIsSaidOnlyWhenKnown() {
        assertThat(analyzer.analyze(new PythonInitializationException(Reason.BOOT_FAILED, "why", "do this")).getAction())
                .doesNotContain("chosen by");
        FailureAnalysis analysis = analyzer.analyze(new PythonInitializationException(Reason.BOOT_FAILED, "why", "do this")
                .chosenBy("python3 on the PATH (nothing configured, none bundled)"));
        assertThat(analysis.getDescription()).endsWith("why (the Python chosen by python3 on the PATH (nothing configured, "
                + "none bundled))");
        assertThat(analysis.getAction()).contains("The Python was chosen by python3 on the PATH");
    }

    @Test
    void libraryMissing() {
        PythonInitializationException failure = locate(
                PythonRuntimeConfig.builder().libraryPath(Path.of("/nonexistent/libpython3.12.so")));
        FailureAnalysis analysis = analyzer.analyze(failure);
        assertThat(analysis.getDescription()).contains("libpython not found at /nonexistent/libpython3.12.so");
    }

    @Test
    void aStaticArchiveInsteadOfTheSharedLibrary(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path archive = java.nio.file.Files.writeString(dir.resolve("libpython3.12.a"), "!<arch>\n");
        FailureAnalysis analysis = analyzer.analyze(locate(PythonRuntimeConfig.builder().libraryPath(archive)));
        assertThat(analysis.getDescription()).startsWith("The Python pybridge found was built without a shared libpython")
                .contains(archive + " (from the configured library path) is not a shared library")
                .contains("static archive");
        assertThat(analysis.getAction()).contains("libpython3.X.so.1.0").contains("pybridge.python.library");
        assertThat(analysis.getDescription().length() + analysis.getAction().length()).as("no dump").isLessThan(1_500);
    }

    @Test
    void everyReasonHasADescription() {
        for (Reason reason : Reason.values()) {
            FailureAnalysis analysis = analyzer.analyze(new PythonInitializationException(reason, "why", "do this"));
            assertThat(analysis.getDescription()).endsWith("why").isNotEqualTo("why");
            assertThat(analysis.getAction()).startsWith("do this");
        }
        assertThat(analyzer.analyze(new PythonInitializationException(Reason.NO_SHARED_LIBRARY, "x", "y"))
                .getDescription()).contains("without a shared libpython");
        assertThat(analyzer.analyze(new PythonInitializationException(Reason.UNSUPPORTED_VERSION, "x", "y"))
                .getDescription()).contains("not supported");
    }

    @Test
    void isRegisteredWithSpringBoot() throws Exception {
        String factories = new String(getClass().getResourceAsStream("/META-INF/spring.factories").readAllBytes());
        assertThat(factories).contains("org.springframework.boot.diagnostics.FailureAnalyzer")
                .contains(PythonInitializationFailureAnalyzer.class.getName());
    }

    private static PythonInitializationException locate(PythonRuntimeConfig.Builder builder) {
        try {
            new PythonLocator(builder.environment(name -> null).build()).locate();
        }
        catch (PythonInitializationException expected) {
            return expected;
        }
        throw new AssertionError("expected a PythonInitializationException");
    }
}
