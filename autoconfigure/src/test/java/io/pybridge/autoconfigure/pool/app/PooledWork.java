package io.pybridge.autoconfigure.pool.app;

import io.pybridge.core.client.PythonCall;

/** Aimed at the pool by configuration ({@code pybridge.clients.interpreter.pooledWork=pool}). */
@PythonCall(module = "pool_scenario")
public interface PooledWork {

    long count();

    long squares(int n);
}
