package io.pybridge.autoconfigure.client.sample;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.context.annotation.Configuration;

/** Stands for an application's {@code @SpringBootApplication}: its package is scanned for clients. */
@Configuration(proxyBeanMethods = false)
@AutoConfigurationPackage
public class ClientsTestApplication {
}
