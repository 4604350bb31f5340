package io.pybridge.core.internal.interpreter;

import io.pybridge.core.internal.attach.ThreadStates;
import io.pybridge.core.internal.capi.CApi;

/**
 * A pooled own-GIL sub-interpreter as the boot thread made it: its name, the thread state it was
 * created with (the boot thread's, kept to end it), its thread states and its booted helper.
 */
record SubInterpreter(String name, long creationState, ThreadStates threadStates, Interpreter interpreter) {

    /**
     * Ends it on the boot thread: takes its GIL through the creation state, deletes every other
     * thread state it has (live callers' included; no call runs any more), releases what pybridge
     * holds in it, then {@code Py_EndInterpreter}, which requires its own state to be the last.
     */
    void end(CApi api) {
        api.PyEval_RestoreThread(creationState);
        interpreter.release();
        threadStates.deleteAllBut(creationState);
        api.Py_EndInterpreter(creationState);
    }
}
