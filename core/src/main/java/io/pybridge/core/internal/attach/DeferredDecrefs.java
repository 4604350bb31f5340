package io.pybridge.core.internal.attach;

import io.pybridge.core.internal.capi.CApi;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * References whose Java owners let go of them without the GIL (a handle's cleaner, a cache past
 * its cap): queued here, never blocking, and released by the next thread that attaches.
 */
public final class DeferredDecrefs {

    private final CApi api;

    private final ConcurrentLinkedQueue<Long> queue = new ConcurrentLinkedQueue<>();

    public DeferredDecrefs(CApi api) {
        this.api = api;
    }

    /** Queues a strong reference for release; any thread, never blocks, never touches Python. */
    public void add(long reference) {
        queue.add(reference);
    }

    /** Releases every queued reference. GIL held. */
    public void drain() {
        Long reference;
        while ((reference = queue.poll()) != null) {
            api.Py_DecRef(reference);
        }
    }
}
