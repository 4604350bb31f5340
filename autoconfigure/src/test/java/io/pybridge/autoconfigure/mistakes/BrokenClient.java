package io.pybridge.autoconfigure.mistakes;

import io.pybridge.core.client.PythonCall;

/** Two methods naming functions autoconf_mod lacks, and one whose module has a syntax error. */
@PythonCall(module = "autoconf_mod")
public interface BrokenClient {

    String no_such_function();

    @PythonCall(module = "autoconf_broken_syntax", function = "anything")
    String broken();

    @PythonCall(function = "also_missing")
    String third();
}
