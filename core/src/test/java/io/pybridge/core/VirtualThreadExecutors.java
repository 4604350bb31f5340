package io.pybridge.core;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A virtual thread per task, for tests compiled for JDK 17: JDK 21+ only, the test is skipped before. */
public final class VirtualThreadExecutors {

    private VirtualThreadExecutors() {
    }

    /** {@code Executors.newVirtualThreadPerTaskExecutor()}; aborts the test (skipped) on JDK 17–20. */
    public static ExecutorService perTask() {
        try {
            return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        }
        catch (NoSuchMethodException ex) {
            assumeTrue(false, "virtual threads need JDK 21+; running on " + Runtime.version());
            throw new IllegalStateException(ex);
        }
        catch (ReflectiveOperationException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
