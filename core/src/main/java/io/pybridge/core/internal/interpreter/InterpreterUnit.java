package io.pybridge.core.internal.interpreter;

import io.pybridge.core.internal.attach.CallGate;
import io.pybridge.core.internal.attach.ThreadStates;
import io.pybridge.core.internal.attach.Workers;
import io.pybridge.core.runtime.PythonRuntimeConfig;

/**
 * One interpreter, the main one or a pooled sub-interpreter, with what serves it alone: its
 * thread states, its gate (permit, then its own GIL), its funnel and its handles. Objects never
 * cross interpreters: a handle made here routes every operation back through this unit's funnel.
 */
final class InterpreterUnit {

    /** "main", or "pool-1", "pool-2"... */
    final String name;

    final Interpreter interpreter;

    final ThreadStates threadStates;

    final CallGate gate;

    final CallFunnel funnel;

    final Handles handles;

    /** The interpreter's asyncio loop, started by the first awaitable a call hands it. */
    final EventLoop eventLoop;

    InterpreterUnit(String name, Interpreter interpreter, ThreadStates threadStates, PythonRuntimeConfig config,
            Workers workers, int permits, InterceptorScope scope) {
        this.name = name;
        this.interpreter = interpreter;
        this.threadStates = threadStates;
        this.gate = new CallGate(name, interpreter.api, threadStates, interpreter.deferredDecrefs, config,
                interpreter.interrupted, workers, permits);
        this.funnel = new CallFunnel(gate, interpreter, scope);
        this.handles = new Handles(name, interpreter, funnel, scope);
        this.eventLoop = new EventLoop(name, interpreter, gate, config.shutdownTimeout());
        interpreter.eventLoop = eventLoop;
        interpreter.toPython.setBridge(handles);
        interpreter.fromPython.setBridge(handles);
    }
}
