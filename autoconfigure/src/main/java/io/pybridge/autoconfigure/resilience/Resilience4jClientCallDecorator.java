package io.pybridge.autoconfigure.resilience;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.Registry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.pybridge.core.PythonFuture;
import io.pybridge.core.client.ClientCallDecorator;
import io.pybridge.core.client.ClientInvocation;
import io.pybridge.core.client.ClientMethod;
import io.pybridge.core.exception.PythonTimeoutException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * Guards client calls with the resilience4j instances named after the client (or the method's
 * {@code @PythonCall(resilience = ...)}), taken from resilience4j's own registries, so their
 * configuration ({@code resilience4j.*} properties), events and Micrometer metrics are the
 * starter's. An instance applies when it exists in its registry (resilience4j creates the ones
 * configured under {@code resilience4j.<kind>.instances.<name>} at startup).
 *
 * <p>Order, outermost first, as resilience4j's own annotations: Retry, CircuitBreaker,
 * TimeLimiter, Bulkhead. Under a TimeLimiter the call runs on the client threads as a
 * {@link PythonFuture}; at the deadline resilience4j cancels it, which raises
 * an asynchronous exception in the Python code, so a runaway loop really stops, and the caller
 * gets a {@link PythonTimeoutException}. The bulkhead permit is held until the Python call has
 * really ended, also when the caller already got its timeout.
 */
public class Resilience4jClientCallDecorator implements ClientCallDecorator {

    private final Optional<BulkheadRegistry> bulkheads;

    private final Optional<CircuitBreakerRegistry> circuitBreakers;

    private final Optional<RetryRegistry> retries;

    private final Optional<TimeLimiterRegistry> timeLimiters;

    private final Map<ClientMethod, Guards> guards = new ConcurrentHashMap<>();

    public Resilience4jClientCallDecorator(BulkheadRegistry bulkheads, CircuitBreakerRegistry circuitBreakers,
            RetryRegistry retries, TimeLimiterRegistry timeLimiters) {
        this.bulkheads = Optional.ofNullable(bulkheads);
        this.circuitBreakers = Optional.ofNullable(circuitBreakers);
        this.retries = Optional.ofNullable(retries);
        this.timeLimiters = Optional.ofNullable(timeLimiters);
    }

    @Override
    public Object invoke(ClientInvocation invocation) throws Exception {
        Guards guard = guards.computeIfAbsent(invocation.method(), this::guardsFor);
        Callable<Object> call;
        if (guard.timeLimiter != null) {
            TimeLimiter limiter = guard.timeLimiter;
            call = () -> limiter.executeFutureSupplier(() -> submitWithin(guard.bulkhead, invocation));
        }
        else {
            call = guard.bulkhead == null ? invocation::proceed : Bulkhead.decorateCallable(guard.bulkhead, invocation::proceed);
        }
        if (guard.circuitBreaker != null) {
            call = CircuitBreaker.decorateCallable(guard.circuitBreaker, call);
        }
        if (guard.retry != null) {
            call = Retry.decorateCallable(guard.retry, call);
        }
        try {
            return call.call();
        }
        catch (TimeoutException ex) {
            throw new PythonTimeoutException(invocation.method().describe(),
                    guard.timeLimiter.getTimeLimiterConfig().getTimeoutDuration(), ex);
        }
    }

    /** Submits the call, holding the bulkhead's permit (if any) until the Python code has ended. */
    private static PythonFuture<Object> submitWithin(Bulkhead bulkhead, ClientInvocation invocation) {
        if (bulkhead == null) {
            return invocation.submit();
        }
        bulkhead.acquirePermission(); // throws BulkheadFullException, as resilience4j's own decorators do
        PythonFuture<Object> future;
        try {
            future = invocation.submit();
        }
        catch (RuntimeException ex) {
            bulkhead.onComplete();
            throw ex;
        }
        future.whenFinished(bulkhead::onComplete); // not at cancellation: when Python has really stopped
        return future;
    }

    private Guards guardsFor(ClientMethod method) {
        String name = method.resilienceName();
        return new Guards(find(bulkheads, name), find(circuitBreakers, name), find(retries, name),
                find(timeLimiters, name));
    }

    private static <E> E find(Optional<? extends Registry<E, ?>> registry, String name) {
        return registry.flatMap(r -> r.find(name)).orElse(null);
    }

    /** The instances guarding one method (null: none of that kind). */
    private record Guards(Bulkhead bulkhead, CircuitBreaker circuitBreaker, Retry retry, TimeLimiter timeLimiter) {
    }
}
