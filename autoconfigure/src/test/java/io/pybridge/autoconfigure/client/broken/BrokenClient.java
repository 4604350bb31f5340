package io.pybridge.autoconfigure.client.broken;

import io.pybridge.core.client.PythonCall;

@PythonCall(module = "clients_mod")
public interface BrokenClient {

    /** clients_mod.add takes two arguments. */
    long add(long a);
}
