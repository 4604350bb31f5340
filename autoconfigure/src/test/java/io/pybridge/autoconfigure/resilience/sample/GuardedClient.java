package io.pybridge.autoconfigure.resilience.sample;

import io.pybridge.core.client.PythonCall;
import io.pybridge.core.client.PythonExceptionMapping;

/** Guarded by the resilience4j instances named "guardedClient" (its bean name). */
@PythonCall(module = "clients_mod")
@PythonExceptionMapping(python = "ValueError", java = IllegalArgumentException.class)
public interface GuardedClient {

    @PythonCall(function = "spin_forever")
    void spinForever();

    @PythonCall(function = "sleep_then")
    String sleepThen(double seconds, String value);

    long add(long a, long b);

    /** An async def: a time limit cancels its task. */
    @PythonCall(function = "await_forever")
    java.util.concurrent.CompletableFuture<String> awaitForever(String tag);

    @PythonCall(function = "set_failing")
    void setFailing(boolean failing);

    String flaky(String value);

    /** A caller error: mapped to IllegalArgumentException, which the breaker is told to ignore. */
    void reject(String value);
}
