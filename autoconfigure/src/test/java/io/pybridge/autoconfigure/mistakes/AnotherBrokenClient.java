package io.pybridge.autoconfigure.mistakes;

import io.pybridge.core.client.PythonCall;

/** A second broken client: its failure is reported together with BrokenClient's. */
@PythonCall(module = "autoconf_mod")
public interface AnotherBrokenClient {

    String missing_too();
}
