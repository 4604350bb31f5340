package io.pybridge.autoconfigure.process.app;

import io.pybridge.core.client.PythonCall;

/** Aimed at the worker processes by configuration ({@code pybridge.clients.interpreter.processWork=process}). */
@PythonCall(module = "process_scenario")
public interface ProcessWork {

    long pid();
}
