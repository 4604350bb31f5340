package io.pybridge.core.internal.attach;

/**
 * A platform thread of pybridge's that runs Python for other callers, with the stack CPython
 * needs. The gate never hands work from one of these to another: they run it themselves.
 */
class WorkerThread extends Thread {

    WorkerThread(Runnable task, String name, long stackSize) {
        super(null, task, name, stackSize);
        setDaemon(true);
    }
}
