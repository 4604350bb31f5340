package io.pybridge.core;

import io.pybridge.core.exception.PythonInitializationException;
import io.pybridge.core.runtime.NativeBinding;

/**
 * Child-JVM entry point of {@link NativeAccessTest}: starts a runtime on the binding named by
 * the first argument and prints how that went ({@code STARTED binding} or
 * {@code REFUSED reason | message | action}).
 */
public final class NativeAccessDeniedMain {

    private NativeAccessDeniedMain() {
    }

    public static void main(String[] args) {
        try (PythonRuntime runtime = PythonRuntime.start(SharedRuntime.config()
                .nativeBinding(NativeBinding.valueOf(args[0])).build())) {
            System.out.println("STARTED " + runtime.nativeBinding() + " " + new PythonTemplate(runtime).eval("6 * 7"));
        }
        catch (PythonInitializationException ex) {
            System.out.println("REFUSED " + ex.getReason() + " | " + ex.getMessage() + " | " + ex.getAction());
        }
    }
}
