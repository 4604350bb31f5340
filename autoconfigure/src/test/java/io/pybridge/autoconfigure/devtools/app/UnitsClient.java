package io.pybridge.autoconfigure.devtools.app;

import io.pybridge.core.client.PythonCall;
import io.pybridge.core.client.PythonExceptionMapping;
import java.util.concurrent.CompletableFuture;

/** The client whose bean failed to inject under DevTools (issue 26). */
@PythonCall(module = "devtools_app")
@PythonExceptionMapping(python = "ValueError", java = NegativeValueException.class)
public interface UnitsClient {

    @PythonCall(function = "to_celsius")
    double toCelsius(double fahrenheit);

    /** A record of the restart class loader: converted through pybridge's record mapping. */
    Reading reading(String place);

    /** Raises ValueError for a negative value: mapped to this generation's exception class. */
    long check(long value);

    /** Runs on the client threads, which end with each context. */
    CompletableFuture<String> greet(String name);
}
