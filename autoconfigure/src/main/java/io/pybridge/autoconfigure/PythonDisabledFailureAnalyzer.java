package io.pybridge.autoconfigure;

import io.pybridge.core.PythonOperations;
import io.pybridge.core.PythonRuntime;
import io.pybridge.core.client.PythonClientFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.Environment;

/**
 * {@code pybridge.enabled=false} while a bean still needs Python: the missing pybridge bean is
 * explained by the switch, and the action says how to make those beans optional, instead of
 * Boot's generic "required a bean of type ... that could not be found".
 */
class PythonDisabledFailureAnalyzer extends AbstractFailureAnalyzer<NoSuchBeanDefinitionException> {

    private final Environment environment;

    PythonDisabledFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    protected @Nullable FailureAnalysis analyze(Throwable rootFailure, NoSuchBeanDefinitionException cause) {
        if (environment.getProperty("pybridge.enabled", Boolean.class, true) || !isPybridgeType(cause.getResolvableType())) {
            return null;
        }
        String type = cause.getResolvableType() == null ? String.valueOf(cause.getBeanName())
                : cause.getResolvableType().toString();
        return new FailureAnalysis("pybridge is disabled (pybridge.enabled=false), so there is no " + type
                + " bean, but the application needs one: " + cause.getMessage(),
                "Remove pybridge.enabled=false to start Python, or make the beans that use Python optional: inject "
                        + "ObjectProvider<PythonOperations>, or put @ConditionalOnBooleanProperty(name = "
                        + "\"pybridge.enabled\", matchIfMissing = true) on them and on @PythonCall clients' users.",
                cause);
    }

    private static boolean isPybridgeType(@Nullable ResolvableType type) {
        Class<?> resolved = type == null ? null : type.resolve();
        return resolved != null && (PythonOperations.class.isAssignableFrom(resolved)
                || PythonRuntime.class.isAssignableFrom(resolved) || PythonClientFactory.class.isAssignableFrom(resolved)
                || resolved.getName().startsWith("io.pybridge."));
    }
}
