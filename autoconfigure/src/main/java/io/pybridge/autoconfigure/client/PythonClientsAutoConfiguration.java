package io.pybridge.autoconfigure.client;

import io.pybridge.autoconfigure.PythonAutoConfiguration;
import io.pybridge.autoconfigure.PythonProperties;
import io.pybridge.core.PythonOperations;
import io.pybridge.core.client.ClientCallDecorator;
import io.pybridge.core.client.PythonCall;
import io.pybridge.core.client.PythonClientFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Turns {@link PythonCall} interfaces in the application's packages into
 * beans, created by a {@link PythonClientFactory} wired to the template, the client executor
 * and the {@link ClientCallDecorator} (resilience4j when present).
 */
@AutoConfiguration(after = PythonAutoConfiguration.class,
        afterName = "io.pybridge.autoconfigure.resilience.PythonResilienceAutoConfiguration")
@ConditionalOnProperty(prefix = "pybridge", name = "enabled", matchIfMissing = true)
@Import(AutoConfiguredPythonClientsRegistrar.class)
@EnableConfigurationProperties(PythonClientsProperties.class)
public final class PythonClientsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PythonClientThreads pythonClientThreads(PythonProperties properties, PythonClientsProperties clients) {
        return new PythonClientThreads(clients.getExecutorThreads(),
                properties.getThreadStackSize().toBytes());
    }

    /** Every client's start-up validation failures, reported together. */
    @Bean
    @ConditionalOnMissingBean
    static PythonClientValidations pythonClientValidations() {
        return new PythonClientValidations();
    }

    @Bean
    @ConditionalOnMissingBean
    PythonClientFactory pythonClientFactory(PythonOperations operations, PythonClientsProperties clients,
            PythonClientThreads threads, ObjectProvider<ClientCallDecorator> decorator) {
        return new PythonClientFactory(operations, threads.executor(),
                decorator.getIfUnique(() -> ClientCallDecorator.NONE),
                clients.getValidation() == PythonClientsProperties.Validation.STARTUP, clients.getInterpreter());
    }
}
