package io.pybridge.autoconfigure.jackson;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.JacksonModule;

/**
 * Registers {@link PythonJacksonModule} with Spring Boot's Jackson (3), which adds every
 * {@link JacksonModule} bean to the application's {@code JsonMapper}.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass(JacksonModule.class)
public final class PythonJacksonAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PythonJacksonModule pythonJacksonModule() {
        return new PythonJacksonModule();
    }
}
