package io.pybridge.autoconfigure.client.sample;

import io.pybridge.core.client.PythonCall;
import org.springframework.beans.factory.annotation.Qualifier;

@Qualifier("fancy")
public interface FancyShouter {

    @PythonCall(module = "clients_mod", function = "shout")
    String shout(String text);
}
