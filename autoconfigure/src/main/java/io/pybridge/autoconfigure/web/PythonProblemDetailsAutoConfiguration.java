package io.pybridge.autoconfigure.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * Python errors an HTTP client can read: in a Spring MVC or WebFlux application, a pybridge
 * exception that escapes a controller becomes an RFC 9457 problem detail instead of a bare 500.
 * On unless {@code pybridge.web.problemdetails.enabled=false}; Spring Boot's own
 * {@code spring.mvc.problemdetails.enabled} / {@code spring.webflux.problemdetails.enabled}
 * (off by default) cover Spring's exceptions and leave these to the error page.
 */
@AutoConfiguration
@ConditionalOnWebApplication
@ConditionalOnClass(name = "org.springframework.web.bind.annotation.ControllerAdvice")
@ConditionalOnBooleanProperty(name = "pybridge.web.problemdetails.enabled", matchIfMissing = true)
@EnableConfigurationProperties(PythonProblemDetailsProperties.class)
@Import({ PythonProblemDetailsAutoConfiguration.ServletConfiguration.class,
        PythonProblemDetailsAutoConfiguration.ReactiveConfiguration.class })
public final class PythonProblemDetailsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PythonProblemDetails pythonProblemDetails(PythonProblemDetailsProperties properties) {
        return new PythonProblemDetails(properties.getStatuses(), properties.getRetryAfter());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = Type.SERVLET)
    @ConditionalOnClass(name = { "org.springframework.web.servlet.DispatcherServlet",
            "jakarta.servlet.http.HttpServletRequest" })
    static class ServletConfiguration {

        @Bean
        @ConditionalOnMissingBean
        PythonProblemDetailsExceptionHandler pythonProblemDetailsExceptionHandler(PythonProblemDetails problems,
                PythonProblemDetailsProperties properties, Environment environment) {
            return new PythonProblemDetailsExceptionHandler(problems, ServerErrorIncludes.from(properties, environment));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = Type.REACTIVE)
    @ConditionalOnClass(name = "org.springframework.web.reactive.DispatcherHandler")
    static class ReactiveConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ReactivePythonProblemDetailsExceptionHandler reactivePythonProblemDetailsExceptionHandler(
                PythonProblemDetails problems, PythonProblemDetailsProperties properties, Environment environment) {
            return new ReactivePythonProblemDetailsExceptionHandler(problems,
                    ServerErrorIncludes.from(properties, environment));
        }
    }
}
