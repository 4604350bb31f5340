package io.pybridge.core;

import io.pybridge.core.exception.PythonArgumentException;
import io.pybridge.core.exception.PythonFunctionNotFoundException;
import io.pybridge.core.exception.PythonImportException;
import java.util.Collection;

/**
 * Python access inside one {@link PythonOperations#execute(PythonCallback)} block: the caller
 * already holds the permit and the GIL, so a sequence of operations runs without other callers
 * interleaving between them. A session is valid only inside its block and on the thread running
 * it; using it elsewhere throws {@link IllegalStateException}.
 */
public interface PythonSession extends PythonCommands {

    /**
     * Checks, without calling it, that {@code module.function} exists, is callable and accepts
     * {@code positionalArgs} positional arguments plus these keyword arguments.
     *
     * @throws PythonImportException if the module cannot be imported
     * @throws PythonFunctionNotFoundException if there is no such callable
     * @throws PythonArgumentException if the signature cannot take those arguments
     */
    void verifyCallable(String module, String function, int positionalArgs, Collection<String> keywords);
}
