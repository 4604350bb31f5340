package io.pybridge.autoconfigure.health;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The 'python' health indicator (and the readiness membership of 'pythonProcesses').
 */
@ConfigurationProperties("pybridge.health")
public class PythonHealthProperties {

    /**
     * How long the health probe waits for the GIL before reporting the interpreter stuck (the
     * contention status, OUT_OF_SERVICE by default).
     */
    private Duration probeTimeout = Duration.ofSeconds(1);

    /**
     * How far back the wait percentiles in the health details look.
     */
    private Duration window = Duration.ofMinutes(1);

    /**
     * 99th percentile of waits within the window at which the interpreter is reported as
     * contended: waits for a permit of the main interpreter, and, with a pool, waits for a free
     * pooled interpreter.
     */
    private Duration permitWaitThreshold = Duration.ofSeconds(1);

    /**
     * Number of callers waiting for a permit of the main interpreter, or for a free pooled
     * interpreter, at which the interpreter is reported as contended. 0 disables this check.
     */
    private int waitingThreshold = 0;

    /**
     * Health status reported while contended (e.g. OUT_OF_SERVICE or a custom status).
     */
    private String contentionStatus = "OUT_OF_SERVICE";

    /**
     * Whether the python and pythonProcesses contributors are part of the readiness group (when
     * probes are enabled), so a saturated or stuck interpreter, or worker processes none of which
     * is alive, take the instance out of load balancing. They are never part of the liveness
     * group.
     */
    private boolean includeInReadiness = true;

    public boolean isIncludeInReadiness() {
        return includeInReadiness;
    }

    public void setIncludeInReadiness(boolean includeInReadiness) {
        this.includeInReadiness = includeInReadiness;
    }

    public Duration getProbeTimeout() {
        return probeTimeout;
    }

    public void setProbeTimeout(Duration probeTimeout) {
        this.probeTimeout = probeTimeout;
    }

    public Duration getWindow() {
        return window;
    }

    public void setWindow(Duration window) {
        this.window = window;
    }

    public Duration getPermitWaitThreshold() {
        return permitWaitThreshold;
    }

    public void setPermitWaitThreshold(Duration permitWaitThreshold) {
        this.permitWaitThreshold = permitWaitThreshold;
    }

    public int getWaitingThreshold() {
        return waitingThreshold;
    }

    public void setWaitingThreshold(int waitingThreshold) {
        this.waitingThreshold = waitingThreshold;
    }

    public String getContentionStatus() {
        return contentionStatus;
    }

    public void setContentionStatus(String contentionStatus) {
        this.contentionStatus = contentionStatus;
    }
}
