package io.pybridge.core;

/**
 * Python access inside one {@link PythonOperations#execute(PythonCallback)} block: the caller
 * already holds the permit and the GIL, so a sequence of operations runs without other callers
 * interleaving between them. A session is valid only inside its block and on the thread running
 * it; using it elsewhere throws {@link IllegalStateException}.
 */
public interface PythonSession extends PythonCommands {
}
