package io.pybridge.autoconfigure.mistakes;

import io.pybridge.core.client.PythonCall;

/** A second broken client: its failures are reported together with BrokenClient's. */
@PythonCall(module = "autoconf_mod")
public interface AnotherBrokenClient {

    String missing_too();

    /** A function that exists, in the module with the syntax error BrokenClient.broken meets too. */
    @PythonCall(module = "autoconf_broken_syntax", function = "fine")
    String fine();
}
