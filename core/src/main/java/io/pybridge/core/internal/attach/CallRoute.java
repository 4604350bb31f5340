package io.pybridge.core.internal.attach;

import io.pybridge.core.runtime.ExecutionMode;

/**
 * Where a top-level call runs: the decision every call makes before it waits for a permit, kept
 * in one place so it can be read, tested and measured alone (it must stay a few nanoseconds: a
 * type check, a flag, one cached stack size).
 */
enum CallRoute {

    /** On the calling thread: a pybridge worker, or a platform thread with enough stack. */
    INLINE,

    /**
     * On the shared worker pool: virtual threads (a thread state must not move between carrier
     * threads), and every caller under {@link ExecutionMode#WORKERS}.
     */
    SHARED_WORKER,

    /**
     * On the calling thread's own worker: a platform thread whose stack is smaller than the
     * minimum (on CPython 3.11-3.13, whose recursion limits assume a main thread's stack).
     */
    DEDICATED_WORKER;

    /**
     * The route for a call from the current thread.
     *
     * @param attachment the current thread's attachment (its stack size is read once and cached)
     * @param workersOnly whether every call goes to the workers ({@link ExecutionMode#WORKERS})
     * @param minimumStack the least stack, in bytes, a platform thread needs to run Python itself
     */
    static CallRoute of(Attachment attachment, boolean workersOnly, long minimumStack) {
        Thread thread = Thread.currentThread();
        // Workers never hand work to another worker: they exist to run it.
        if (thread instanceof WorkerThread) {
            return INLINE;
        }
        if (workersOnly || VirtualThreads.isVirtual(thread)) {
            return SHARED_WORKER;
        }
        return attachment.hasStack(minimumStack) ? INLINE : DEDICATED_WORKER;
    }
}
