package io.pybridge.core.exception;

/**
 * One frame of a Python traceback.
 *
 * @param file the code's file name ({@code co_filename})
 * @param line the line being executed
 * @param function the function name ({@code co_name}, {@code <module>} for top-level code)
 */
public record PythonFrame(String file, int line, String function) {

    @Override
    public String toString() {
        return "File \"" + file + "\", line " + line + ", in " + function;
    }
}
