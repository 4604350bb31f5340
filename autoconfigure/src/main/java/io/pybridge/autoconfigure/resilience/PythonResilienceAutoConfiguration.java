package io.pybridge.autoconfigure.resilience;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.springboot.bulkhead.autoconfigure.BulkheadAutoConfiguration;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot.retry.autoconfigure.RetryAutoConfiguration;
import io.github.resilience4j.springboot.timelimiter.autoconfigure.TimeLimiterAutoConfiguration;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.pybridge.core.client.ClientCallDecorator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Guards {@code @PythonCall} clients with resilience4j when it is on the classpath, using the
 * registries its Spring Boot starter provides.
 */
@AutoConfiguration(afterName = {
        "io.github.resilience4j.springboot.bulkhead.autoconfigure.BulkheadAutoConfiguration",
        "io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration",
        "io.github.resilience4j.springboot.retry.autoconfigure.RetryAutoConfiguration",
        "io.github.resilience4j.springboot.timelimiter.autoconfigure.TimeLimiterAutoConfiguration" })
@ConditionalOnClass({ CircuitBreakerRegistry.class, BulkheadRegistry.class, RetryRegistry.class,
        TimeLimiterRegistry.class })
public final class PythonResilienceAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(ClientCallDecorator.class)
    Resilience4jClientCallDecorator pythonResilienceDecorator(ObjectProvider<BulkheadRegistry> bulkheads,
            ObjectProvider<CircuitBreakerRegistry> circuitBreakers, ObjectProvider<RetryRegistry> retries,
            ObjectProvider<TimeLimiterRegistry> timeLimiters) {
        return new Resilience4jClientCallDecorator(bulkheads.getIfAvailable(), circuitBreakers.getIfAvailable(),
                retries.getIfAvailable(), timeLimiters.getIfAvailable());
    }
}
