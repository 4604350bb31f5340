package io.pybridge.autoconfigure.reload;

import java.util.Arrays;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Keeps DevTools from restarting the application when only a Python source changed: pybridge
 * reloads that file in every interpreter instead (a restart would close the context and keep the
 * one CPython, with the old modules, as CPython starts once per JVM). Adds the sources' folder
 * ({@code python/**} for the default {@code classpath:python/}) to
 * {@code spring.devtools.restart.additional-exclude}, keeping what the application set there.
 * Does nothing without DevTools, with live reload switched off, or for sources outside the
 * class path.
 */
public final class DevToolsRestartExclusion implements EnvironmentPostProcessor, Ordered {

    static final String EXCLUDE = "spring.devtools.restart.additional-exclude";

    static final String SOURCE = "pybridgeDevToolsRestartExclusion";

    private static final String DEFAULT_SOURCES = "classpath:python/";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!ClassUtils.isPresent("org.springframework.boot.devtools.restart.Restarter", application.getClassLoader())
                || "false".equalsIgnoreCase(String.valueOf(environment.getProperty(OnLiveReloadCondition.PROPERTY)).trim())
                || environment.getPropertySources().contains(SOURCE)) {
            return;
        }
        String pattern = restartPattern(environment.getProperty("pybridge.python.sources", DEFAULT_SOURCES));
        if (pattern == null) {
            return;
        }
        String existing = environment.getProperty(EXCLUDE);
        String combined = combined(existing, pattern);
        if (!combined.equals(existing)) {
            environment.getPropertySources().addFirst(new MapPropertySource(SOURCE, Map.of(EXCLUDE, combined)));
        }
    }

    /** {@code classpath:python/} becomes {@code python/**}; a location off the class path, null. */
    static @Nullable String restartPattern(String sources) {
        String location = sources.trim();
        String path;
        if (location.startsWith("classpath*:")) {
            path = location.substring("classpath*:".length());
        }
        else if (location.startsWith("classpath:")) {
            path = location.substring("classpath:".length());
        }
        else {
            return null;
        }
        path = path.replaceAll("^/+", "").replaceAll("/+$", "");
        return path.isEmpty() ? "**/*.py" : path + "/**";
    }

    static String combined(@Nullable String existing, String pattern) {
        if (existing == null || existing.isBlank()) {
            return pattern;
        }
        boolean present = Arrays.stream(existing.split(",")).map(String::trim).anyMatch(pattern::equals);
        return present ? existing : existing + "," + pattern;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
