package io.pybridge.autoconfigure.client;

import io.pybridge.core.client.PythonCall;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Import;

/**
 * Registers {@link PythonCall} interfaces found in other packages than
 * the application's (which are found without it). Also possible with the
 * {@code pybridge.clients.packages} property.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Import(PythonClientsRegistrar.class)
public @interface EnablePythonClients {

    /** Packages to scan for client interfaces. */
    String[] basePackages() default {};

    /** Classes whose packages to scan. */
    Class<?>[] basePackageClasses() default {};
}
