package io.pybridge.autoconfigure.client;

import io.pybridge.core.PythonInterpreter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * Interpreter per client bean name ('main', 'pool' or 'process'), over what the client's
     * @PythonCall(interpreter = ...) says: moves a whole client into the pool of sub-interpreters
     * (pybridge.pool.size), into the worker processes (pybridge.processes.size), or back to the
     * main interpreter without changing code.
     */
    private Map<String, PythonInterpreter> interpreter = new LinkedHashMap<>();

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

    public Map<String, PythonInterpreter> getInterpreter() {
        return interpreter;
    }

    public void setInterpreter(Map<String, PythonInterpreter> interpreter) {
        this.interpreter = interpreter;
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
