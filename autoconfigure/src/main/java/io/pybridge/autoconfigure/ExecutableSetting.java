package io.pybridge.autoconfigure;

import io.pybridge.core.runtime.PythonRuntimeConfig;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.origin.Origin;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * Names the setting that gave {@code pybridge.python.executable}, for the start-up log and the
 * failures to say what chose the Python: the environment variable
 * {@value PythonRuntimeConfig#EXECUTABLE_ENV} (which {@link PythonEnvironmentPostProcessor}
 * binds to the property), else the property with where it was set, when Boot knows
 * ({@code pybridge.python.executable in class path resource [application.properties] - 3:28}).
 */
final class ExecutableSetting {

    static final String PROPERTY = "pybridge.python.executable";

    private static final ConfigurationPropertyName NAME = ConfigurationPropertyName.of(PROPERTY);

    private ExecutableSetting() {
    }

    /** The setting whose value the binder gives {@code pybridge.python.executable}: the first source that has it. */
    static String of(Environment environment) {
        if (!(environment instanceof ConfigurableEnvironment)) {
            return PROPERTY;
        }
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            ConfigurationProperty property = source.getConfigurationProperty(NAME);
            if (property == null) {
                continue;
            }
            if (source.getUnderlyingSource() instanceof PropertySource<?> found
                    && PythonEnvironmentPostProcessor.SOURCE.equals(found.getName())) {
                return "the environment variable " + PythonRuntimeConfig.EXECUTABLE_ENV;
            }
            Origin origin = property.getOrigin();
            return origin == null ? PROPERTY : PROPERTY + " in " + origin;
        }
        return PROPERTY;
    }
}
