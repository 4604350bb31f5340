package io.pybridge.autoconfigure.devtools.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The application {@code DevToolsRestartTests} runs in a child JVM with DevTools: its classes
 * sit in a directory of their own, so DevTools' restart class loader loads them, and every
 * change to one of them restarts the context in the same JVM.
 */
@SpringBootApplication
public class DevToolsTestApplication {

    public static void main(String[] args) {
        SpringApplication.run(DevToolsTestApplication.class, args);
    }
}
