package io.pybridge.autoconfigure;

import io.pybridge.core.runtime.PythonRuntimeConfig;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Makes the {@value PythonRuntimeConfig#EXECUTABLE_ENV} environment variable mean what the docs
 * say in a Spring Boot application: the Python executable.
 *
 * <p>Relaxed binding reads {@code PYBRIDGE_PYTHON} as a value for the whole
 * {@code pybridge.python} group, which has no converter from a string, so binding failed and no
 * application started. Boot's binder falls back to binding the group's members when such a
 * conversion fails and at least one member has a value. This processor supplies that member:
 * {@code pybridge.python.executable} with the variable's value, in a property source of the
 * lowest precedence, so an executable set anywhere else (properties, YAML,
 * {@code PYBRIDGE_PYTHON_EXECUTABLE}, command line) still wins.
 */
public final class PythonEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    /** The name of the property source it adds. */
    static final String SOURCE = "pybridgeEnvironmentVariables";

    /** After the system environment and config files are in place, like Boot's own late processors. */
    private static final int ORDER = Ordered.LOWEST_PRECEDENCE - 10;

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        PropertySource<?> system = environment.getPropertySources()
                .get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        if (system == null || environment.getPropertySources().contains(SOURCE)) {
            return;
        }
        Object executable = system.getProperty(PythonRuntimeConfig.EXECUTABLE_ENV);
        if (executable instanceof String value && !value.isBlank()) {
            environment.getPropertySources().addLast(new MapPropertySource(SOURCE,
                    Map.of("pybridge.python.executable", value)));
        }
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
