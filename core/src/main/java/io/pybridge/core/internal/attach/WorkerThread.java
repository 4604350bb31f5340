package io.pybridge.core.internal.attach;

/**
 * A platform thread of pybridge's that runs Python for other callers, with the stack CPython
 * needs. The gate never hands work from one of these to another: they run it themselves.
 */
class WorkerThread extends Thread {

    WorkerThread(Runnable task, String name, long stackSize) {
        // No inherited InheritableThreadLocals: these threads are started lazily by whichever
        // application thread needs one first (a request thread, for the asyncio loop), live as long
        // as the runtime, and must not keep that thread's values (and, under DevTools, their class
        // loader) reachable. What a call needs of its caller travels with it (PythonCallContext).
        super(null, task, name, stackSize, false);
        setDaemon(true);
    }
}
