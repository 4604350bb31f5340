package io.pybridge.sample;

import io.pybridge.core.PythonOperations;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Another caller holding the sample's only permit (and the GIL, inside an {@code execute}
 * block) until {@link #close()}: requests meanwhile wait the acquire timeout and are turned away.
 */
final class HeldPermit implements AutoCloseable {

    private final CountDownLatch holding = new CountDownLatch(1);

    private final CountDownLatch release = new CountDownLatch(1);

    private final CompletableFuture<Void> holder;

    private HeldPermit(PythonOperations python) {
        this.holder = CompletableFuture.runAsync(() -> python.execute(session -> {
            holding.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
    }

    /** Returns once the permit is held; the holder gives it back after 20 s at the latest. */
    static HeldPermit hold(PythonOperations python) throws InterruptedException {
        HeldPermit held = new HeldPermit(python);
        if (!held.holding.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the permit was not taken within 10 s");
        }
        return held;
    }

    @Override
    public void close() throws Exception {
        release.countDown();
        holder.get(10, TimeUnit.SECONDS);
    }
}
