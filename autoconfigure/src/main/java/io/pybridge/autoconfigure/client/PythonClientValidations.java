package io.pybridge.autoconfigure.client;

import io.pybridge.core.exception.PythonClientValidationException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Collects the validation failures of every client created while the context starts and
 * reports them together once all singletons exist, so one start names every broken method of
 * every client rather than the first client's only.
 */
public final class PythonClientValidations implements SmartInitializingSingleton {

    private final List<PythonClientValidationException> failures = new ArrayList<>();

    private volatile boolean started;

    /**
     * Records a client's failure while the context starts.
     *
     * @return false once the context has started: then the caller throws it at once
     */
    synchronized boolean defer(PythonClientValidationException failure) {
        if (started) {
            return false;
        }
        failures.add(failure);
        return true;
    }

    @Override
    public synchronized void afterSingletonsInstantiated() {
        started = true;
        if (!failures.isEmpty()) {
            throw PythonClientValidationException.combined(failures.size() + " Python clients", failures);
        }
    }
}
