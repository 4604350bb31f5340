package io.pybridge.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

/** Waiting, in tests, for something to become true in Python (a coroutine reached a line, say). */
public final class PythonConditions {

    private PythonConditions() {
    }

    /** Evaluates {@code condition} every 10 ms until it is true; fails after 30 s (a hang guard). */
    public static void await(PythonOperations python, String condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Boolean.TRUE.equals(python.eval(condition, Boolean.class))) {
            assertThat(System.nanoTime()).as("waiting for " + condition).isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
