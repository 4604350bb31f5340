package io.pybridge.autoconfigure.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;

/**
 * Every auto-configuration this module registers is ordered against classes that exist: Spring
 * Boot silently ignores an {@code afterName}/{@code beforeName} it cannot resolve (a short name,
 * a typo), and the conditions that depend on the order then quietly fail in real applications.
 */
class AutoConfigurationOrderingTest {

    private static List<Class<?>> registered() throws IOException, ClassNotFoundException {
        List<Class<?>> classes = new ArrayList<>();
        try (InputStream in = AutoConfigurationOrderingTest.class.getResourceAsStream(
                "/META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    classes.add(Class.forName(line.strip()));
                }
            }
        }
        return classes;
    }

    @Test
    void everyOrderingNameIsAClassOnTheClasspath() throws Exception {
        List<Class<?>> registered = registered();
        assertThat(registered).hasSizeGreaterThanOrEqualTo(6);
        List<String> unresolved = new ArrayList<>();
        int names = 0;
        for (Class<?> configuration : registered) {
            AutoConfiguration ordering = configuration.getAnnotation(AutoConfiguration.class);
            List<String> named = new ArrayList<>(List.of(ordering.afterName()));
            named.addAll(List.of(ordering.beforeName()));
            for (String name : named) {
                names++;
                try {
                    Class.forName(name, false, getClass().getClassLoader());
                }
                catch (ClassNotFoundException ex) {
                    unresolved.add(configuration.getSimpleName() + " -> " + name);
                }
            }
        }
        assertThat(names).isGreaterThan(0);
        assertThat(unresolved).isEmpty();
    }
}
