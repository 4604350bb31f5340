package io.pybridge.autoconfigure.client.sample;

import io.pybridge.core.client.Keyword;
import io.pybridge.core.client.PythonCall;

@PythonCall(module = "clients_mod")
public interface Calculator {

    long add(long a, long b);

    String shout(String text, @Keyword("suffix") String suffix);
}
