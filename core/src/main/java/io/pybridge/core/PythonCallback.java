package io.pybridge.core;

import org.jspecify.annotations.Nullable;

/**
 * Work run while holding Python: the one entry point every {@link PythonOperations} method
 * funnels into. Keep it short: other callers wait for the permit meanwhile.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface PythonCallback<T> {

    /**
     * @param session Python access, valid only until this method returns
     * @return the result handed back to the caller of {@code execute}
     */
    @Nullable T doInPython(PythonSession session);
}
