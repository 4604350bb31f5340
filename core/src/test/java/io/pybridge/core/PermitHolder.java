package io.pybridge.core;

import java.util.concurrent.CountDownLatch;

/**
 * A thread that takes the permit (and holds it, the GIL released while it waits in Java) until
 * {@link #close()}: for tests of what other callers see while the interpreter is busy.
 */
public final class PermitHolder implements AutoCloseable {

    private final CountDownLatch holding = new CountDownLatch(1);

    private final CountDownLatch release = new CountDownLatch(1);

    private final Thread thread;

    private PermitHolder(PythonOperations python) {
        this.thread = new Thread(() -> python.execute(session -> {
            holding.countDown();
            try {
                release.await();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            return null;
        }), "permit-holder");
    }

    /** Starts the holder and returns once it holds the permit. */
    public static PermitHolder hold(PythonOperations python) throws InterruptedException {
        PermitHolder holder = new PermitHolder(python);
        holder.thread.start();
        holder.holding.await();
        return holder;
    }

    /** Gives the permit back and waits for the holder to end. */
    @Override
    public void close() throws InterruptedException {
        release.countDown();
        thread.join();
    }
}
