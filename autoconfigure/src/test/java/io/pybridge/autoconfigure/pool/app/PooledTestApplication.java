package io.pybridge.autoconfigure.pool.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Stands for an application with a pool: its package is scanned for clients; it has a meter registry. */
@Configuration(proxyBeanMethods = false)
@AutoConfigurationPackage
public class PooledTestApplication {

    @Bean
    MeterRegistry meterRegistry() {
        return new SimpleMeterRegistry();
    }
}
