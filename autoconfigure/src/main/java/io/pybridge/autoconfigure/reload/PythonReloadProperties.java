package io.pybridge.autoconfigure.reload;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Live Python reload in development ({@code pybridge.python.reload.*}). */
@ConfigurationProperties("pybridge.python.reload")
public class PythonReloadProperties {

    /**
     * Whether a changed .py file of the application's sources runs again in every interpreter
     * at the next call. Unset: on while DevTools restarts the application (an IDE run or
     * spring-boot:run), off otherwise, and so never in a packaged jar. Only sources on the file
     * system are watched; sources unpacked from a jar never change.
     */
    private @Nullable Boolean enabled;

    /** How often the source folders are looked at for changes. */
    private Duration pollInterval = Duration.ofMillis(500);

    /**
     * How long no further change must be seen before a reload, so that a save in several writes,
     * or a build copying many files, is one reload.
     */
    private Duration quietPeriod = Duration.ofMillis(300);

    public @Nullable Boolean getEnabled() {
        return enabled;
    }

    public void setEnabled(@Nullable Boolean enabled) {
        this.enabled = enabled;
    }

    public Duration getPollInterval() {
        return pollInterval;
    }

    public void setPollInterval(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }

    public Duration getQuietPeriod() {
        return quietPeriod;
    }

    public void setQuietPeriod(Duration quietPeriod) {
        this.quietPeriod = quietPeriod;
    }
}
