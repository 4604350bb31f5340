package io.pybridge.autoconfigure.reload;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.ClassUtils;

/**
 * Live reload's switch: {@code pybridge.python.reload.enabled} when set, else whether DevTools
 * restarts this application. DevTools restarts only a development run: it turns itself off in a
 * packaged jar (nothing there can change) and in tests, so the default never watches production.
 */
class OnLiveReloadCondition extends SpringBootCondition {

    static final String PROPERTY = "pybridge.python.reload.enabled";

    private static final String RESTARTER = "org.springframework.boot.devtools.restart.Restarter";

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        String enabled = context.getEnvironment().getProperty(PROPERTY);
        if (enabled != null && !enabled.isBlank()) {
            boolean on = Boolean.parseBoolean(enabled.trim());
            return new ConditionOutcome(on, PROPERTY + " is " + enabled.trim());
        }
        if (!ClassUtils.isPresent(RESTARTER, context.getClassLoader())) {
            return ConditionOutcome.noMatch(PROPERTY + " is not set and DevTools is not on the class path");
        }
        return DevToolsRestarts.active()
                ? ConditionOutcome.match(PROPERTY + " is not set and DevTools restarts this application")
                : ConditionOutcome.noMatch(PROPERTY + " is not set and DevTools does not restart this application");
    }

    /** Loaded only when DevTools is on the class path. */
    static final class DevToolsRestarts {

        private DevToolsRestarts() {
        }

        /** DevTools' own test for its restart configuration: a Restarter initialized with URLs to watch. */
        static boolean active() {
            try {
                return org.springframework.boot.devtools.restart.Restarter.getInstance().getInitialUrls() != null;
            }
            catch (IllegalStateException notInitialized) {
                return false;
            }
        }
    }
}
