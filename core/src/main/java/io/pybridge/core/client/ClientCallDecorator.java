package io.pybridge.core.client;

/**
 * Wraps every client call, e.g. with resilience4j bulkheads, circuit breakers, retries and time
 * limits (the Spring starter provides one). The default runs the call as it is.
 */
@FunctionalInterface
public interface ClientCallDecorator {

    /** Runs {@code invocation} as is. */
    ClientCallDecorator NONE = ClientInvocation::proceed;

    /**
     * @return the method's result (converted to its return type)
     * @throws Exception whatever the call or the decoration threw
     */
    Object invoke(ClientInvocation invocation) throws Exception;
}
