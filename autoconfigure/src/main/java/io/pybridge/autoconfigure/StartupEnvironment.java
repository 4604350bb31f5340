package io.pybridge.autoconfigure;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;

/**
 * Spring's {@link Environment} as the environment variables pybridge-core reads
 * ({@code PYBRIDGE_PYTHON_LIBRARY}, {@code PYBRIDGE_CACHE_DIR}, ...), for as long as the runtime
 * is configured and started; after {@link #detach()} it answers what it read and asks the
 * process for anything else.
 *
 * <p>The runtime keeps its configuration for the life of the JVM, and with it this function: a
 * plain {@code environment::getProperty} would keep the first context's environment, and through
 * its property sources that context's web application and class loader (under DevTools the first
 * restart class loader, found in a heap dump), after the context closed.
 */
final class StartupEnvironment implements UnaryOperator<String> {

    private volatile @Nullable Environment environment;

    /** Every answer given while attached; an absent variable as empty. */
    private final Map<String, Optional<String>> answers = new ConcurrentHashMap<>();

    StartupEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public @Nullable String apply(String name) {
        Environment source = environment;
        if (source == null) {
            Optional<String> answered = answers.get(name);
            return answered != null ? answered.orElse(null) : System.getenv(name);
        }
        String value = source.getProperty(name);
        answers.put(name, Optional.ofNullable(value));
        return value;
    }

    /** Lets go of the context's environment: the runtime has been started (or reused). */
    void detach() {
        environment = null;
    }
}
