package io.pybridge.autoconfigure.process.app;

import io.pybridge.autoconfigure.metrics.MetricsConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Stands for an application with worker processes: its package is scanned for clients; it has a
 * meter registry, and an observation registry that times calls into it.
 */
@Configuration(proxyBeanMethods = false)
@AutoConfigurationPackage
@Import(MetricsConfiguration.class)
public class ProcessTestApplication {
}
