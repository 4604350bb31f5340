package io.pybridge.autoconfigure.client.other;

import io.pybridge.core.client.PythonCall;

@PythonCall(module = "clients_mod")
public interface Adder {

    long add(long a, long b);
}
