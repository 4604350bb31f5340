package io.pybridge.autoconfigure.client;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code @PythonCall} client interfaces.
 */
@ConfigurationProperties("pybridge.clients")
public class PythonClientsProperties {

    /**
     * When client methods are checked against their Python functions (existence and
     * signature): 'startup' fails the application at startup, 'first-call' checks each
     * method when first called (for modules that load late). @PythonCall(validation = ...)
     * overrides it per interface or method.
     */
    private Validation validation = Validation.STARTUP;

    /**
     * Extra packages to scan for client interfaces, besides the application's.
     */
    private List<String> packages = new ArrayList<>();

    /**
     * Threads that run asynchronous client methods and calls under a time limit.
     */
    private int executorThreads = 16;

    public Validation getValidation() {
        return validation;
    }

    public void setValidation(Validation validation) {
        this.validation = validation;
    }

    public List<String> getPackages() {
        return packages;
    }

    public void setPackages(List<String> packages) {
        this.packages = packages;
    }

    public int getExecutorThreads() {
        return executorThreads;
    }

    public void setExecutorThreads(int executorThreads) {
        this.executorThreads = executorThreads;
    }

    /** When client methods are checked. */
    public enum Validation {
        /** At application startup: a mismatch fails the context. */
        STARTUP,
        /** At the first call of each method. */
        FIRST_CALL
    }
}
