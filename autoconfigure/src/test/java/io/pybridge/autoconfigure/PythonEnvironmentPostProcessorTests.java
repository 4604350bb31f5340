package io.pybridge.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.runtime.PythonRuntimeConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Every environment variable the docs offer works in a Spring Boot application: it binds
 * (no converter error), reaches the runtime configuration, and loses to an explicit property.
 * Binding only: no interpreter is started.
 */
class PythonEnvironmentPostProcessorTests {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(PythonProperties.class)
    static class BindOnly {
    }

    /** A context whose system environment is exactly {@code variables}, processed as SpringApplication would. */
    private static ApplicationContextRunner withEnvironment(Map<String, Object> variables) {
        return new ApplicationContextRunner().withUserConfiguration(BindOnly.class).withInitializer(context -> {
            ConfigurableEnvironment environment = context.getEnvironment();
            environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                    new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                            variables));
            new PythonEnvironmentPostProcessor().postProcessEnvironment(environment, null);
        });
    }

    private static PythonRuntimeConfig runtimeConfig(ConfigurableApplicationContext context) {
        return PythonAutoConfiguration.RuntimeConfiguration.runtimeConfig(context.getBean(PythonProperties.class),
                new PathMatchingResourcePatternResolver(), context.getEnvironment()::getProperty);
    }

    @Test
    void pybridgePythonNamesTheExecutable() {
        withEnvironment(Map.of("PYBRIDGE_PYTHON", "/opt/py/bin/python3")).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(PythonProperties.class).getPython().getExecutable()).isEqualTo("/opt/py/bin/python3");
            assertThat(runtimeConfig(context).executable()).isEqualTo("/opt/py/bin/python3");
        });
    }

    @Test
    void pybridgePythonWithOtherPythonSettingsBindsThemAll() {
        withEnvironment(Map.of("PYBRIDGE_PYTHON", "/opt/py/bin/python3", "PYBRIDGE_PYTHON_SOURCES", "classpath:py/"))
                .withPropertyValues("pybridge.python.path=/opt/extra").run(context -> {
                    PythonProperties.Python python = context.getBean(PythonProperties.class).getPython();
                    assertThat(python.getExecutable()).isEqualTo("/opt/py/bin/python3");
                    assertThat(python.getSources()).isEqualTo("classpath:py/");
                    assertThat(python.getPath()).containsExactly("/opt/extra");
                });
    }

    @Test
    void anExplicitExecutableWinsOverPybridgePython() {
        withEnvironment(Map.of("PYBRIDGE_PYTHON", "/opt/py/bin/python3"))
                .withPropertyValues("pybridge.python.executable=/usr/bin/python3.12")
                .run(context -> assertThat(runtimeConfig(context).executable()).isEqualTo("/usr/bin/python3.12"));
        withEnvironment(Map.of("PYBRIDGE_PYTHON", "/opt/py/bin/python3", "PYBRIDGE_PYTHON_EXECUTABLE", "/usr/bin/python3.13"))
                .run(context -> assertThat(runtimeConfig(context).executable()).isEqualTo("/usr/bin/python3.13"));
    }

    @Test
    void theSettingThatGaveTheExecutableIsNamed() {
        withEnvironment(Map.of("PYBRIDGE_PYTHON", "/opt/py/bin/python3")).run(context -> {
            PythonRuntimeConfig config = PythonAutoConfiguration.RuntimeConfiguration.runtimeConfig(
                    context.getBean(PythonProperties.class), new PathMatchingResourcePatternResolver(),
                    context.getEnvironment());
            assertThat(config.executable()).isEqualTo("/opt/py/bin/python3");
            assertThat(config.executableSetting()).isEqualTo("the environment variable PYBRIDGE_PYTHON");
        });
        withEnvironment(Map.of("PYBRIDGE_PYTHON", "/opt/py/bin/python3", "PYBRIDGE_PYTHON_EXECUTABLE", "/usr/bin/python3.13"))
                .run(context -> assertThat(ExecutableSetting.of(context.getEnvironment()))
                        .startsWith("pybridge.python.executable in ").contains("PYBRIDGE_PYTHON_EXECUTABLE"));
        withEnvironment(Map.of("PYBRIDGE_PYTHON", "/opt/py/bin/python3"))
                .withPropertyValues("pybridge.python.executable=/usr/bin/python3.12")
                .run(context -> assertThat(ExecutableSetting.of(context.getEnvironment()))
                        .startsWith("pybridge.python.executable").doesNotContain("PYBRIDGE_PYTHON"));
    }

    @Test
    void pybridgePythonLibraryNamesTheLibrary() {
        withEnvironment(Map.of("PYBRIDGE_PYTHON_LIBRARY", "/opt/py/lib/libpython3.12.so.1.0")).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(runtimeConfig(context).libraryPath()).isEqualTo(Path.of("/opt/py/lib/libpython3.12.so.1.0"));
        });
    }

    @Test
    void pybridgePythonAndLibraryTogether() {
        withEnvironment(Map.of("PYBRIDGE_PYTHON", "/opt/py/bin/python3", "PYBRIDGE_PYTHON_LIBRARY",
                "/opt/py/lib/libpython3.12.so.1.0")).run(context -> {
                    assertThat(runtimeConfig(context).libraryPath()).isEqualTo(Path.of("/opt/py/lib/libpython3.12.so.1.0"));
                    assertThat(runtimeConfig(context).executable()).isEqualTo("/opt/py/bin/python3");
                });
    }

    @Test
    void pybridgeCacheDirNamesTheCacheFolder() {
        withEnvironment(Map.of("PYBRIDGE_CACHE_DIR", "/var/cache/app-python")).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(runtimeConfig(context).resolvedCacheDirectory()).isEqualTo(Path.of("/var/cache/app-python"));
        });
        withEnvironment(Map.of("PYBRIDGE_CACHE_DIR", "/var/cache/app-python"))
                .withPropertyValues("pybridge.python.cache-dir=/srv/cache")
                .run(context -> assertThat(runtimeConfig(context).resolvedCacheDirectory()).isEqualTo(Path.of("/srv/cache")));
    }

    @Test
    void isRegisteredAndRunsInARealSpringApplication() {
        // Registered in spring.factories: without it this binding fails ("No converter found ... Python").
        StandardEnvironment environment = new StandardEnvironment();
        Map<String, Object> variables = new HashMap<>(environment.getSystemEnvironment());
        variables.put("PYBRIDGE_PYTHON", "/opt/py/bin/python3");
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(BindOnly.class).environment(environment)
                .web(WebApplicationType.NONE).properties("spring.main.banner-mode=off").run()) {
            assertThat(context.getBean(PythonProperties.class).getPython().getExecutable()).isEqualTo("/opt/py/bin/python3");
        }
    }
}
