package io.pybridge.autoconfigure.pool.app;

import io.pybridge.core.client.PythonCall;

/** The same module in the main interpreter (the default). */
@PythonCall(module = "pool_scenario")
public interface MainWork {

    long count();
}
