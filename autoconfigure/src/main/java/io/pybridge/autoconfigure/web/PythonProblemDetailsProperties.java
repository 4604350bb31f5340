package io.pybridge.autoconfigure.web;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.web.ErrorProperties.IncludeAttribute;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Python errors as RFC 9457 problem details in web applications.
 */
@ConfigurationProperties("pybridge.web.problemdetails")
public class PythonProblemDetailsProperties {

    /**
     * Whether a pybridge exception that escapes a controller (Spring MVC or WebFlux) becomes an
     * RFC 9457 problem detail. An exception handler of the application's own is asked first.
     */
    private boolean enabled = true;

    /**
     * HTTP status by Python exception type, for Python exceptions that are the client's fault,
     * e.g. ValueError=400. A type matches itself and its subclasses; of several matching
     * entries, the nearest class in the exception's MRO wins. Built-ins by their bare name,
     * other classes by their qualified name in brackets: [json.decoder.JSONDecodeError]=400.
     * The message of an exception mapped to a 4xx status is always included. Empty: every
     * Python exception is a 500.
     */
    private Map<String, Integer> statuses = new LinkedHashMap<>();

    /**
     * When the Python exception's message (detail and pythonMessage) is in the problem: always
     * (the default: a client reading a ValueError needs its message), never, or on_param (a
     * "message" request parameter that is not false), as Spring Boot's
     * server.error.include-message, whose own default, never, pybridge does not follow for
     * Python errors. The traceback follows server.error.include-stacktrace.
     */
    private IncludeAttribute includeMessage = IncludeAttribute.ALWAYS;

    /**
     * Retry-After of the 503 answered when no permit to enter Python became free within
     * pybridge.acquire-timeout, rounded up to whole seconds.
     */
    private Duration retryAfter = Duration.ofSeconds(1);

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Map<String, Integer> getStatuses() {
        return statuses;
    }

    public void setStatuses(Map<String, Integer> statuses) {
        this.statuses = statuses;
    }

    public Duration getRetryAfter() {
        return retryAfter;
    }

    public void setRetryAfter(Duration retryAfter) {
        this.retryAfter = retryAfter;
    }

    public IncludeAttribute getIncludeMessage() {
        return includeMessage;
    }

    public void setIncludeMessage(IncludeAttribute includeMessage) {
        this.includeMessage = includeMessage;
    }
}
