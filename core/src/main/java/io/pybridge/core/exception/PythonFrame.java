package io.pybridge.core.exception;

import java.io.Serializable;

/**
 * One frame of a Python traceback. Serializable, as the {@link PythonException}s that carry it are.
 *
 * @param file the code's file name ({@code co_filename})
 * @param line the line being executed
 * @param function the function name ({@code co_name}, {@code <module>} for top-level code)
 */
public record PythonFrame(String file, int line, String function) implements Serializable {

    @Override
    public String toString() {
        return "File \"" + file + "\", line " + line + ", in " + function;
    }
}
