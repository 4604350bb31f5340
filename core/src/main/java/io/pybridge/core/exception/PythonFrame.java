package io.pybridge.core.exception;

import java.io.Serializable;

/**
 * One frame of a Python traceback. Serializable, as the {@link PythonException}s that carry it are.
 *
 * @param file the file the developer knows the code by: the code's file name ({@code co_filename}),
 *     or, for a file under a python-path folder given a display root
 *     ({@code PythonRuntimeConfig.Builder#addPythonPath(Path, DisplayRoot)}), the name shown for it
 *     there ({@code classpath:python/trips.py}, or the file under {@code src/main/resources})
 * @param line the line being executed
 * @param function the function name ({@code co_name}, {@code <module>} for top-level code)
 * @param source the text of that line, stripped of leading and trailing white space, as Python's
 *     own traceback shows it; empty when it is not known (code made from a string, a file gone)
 */
public record PythonFrame(String file, int line, String function, String source) implements Serializable {

    public PythonFrame {
        // A frame serialized before the source was read deserializes with null.
        source = source == null ? "" : source;
    }

    /** A frame whose source line is not known. */
    public PythonFrame(String file, int line, String function) {
        this(file, line, function, "");
    }

    /** {@code File "file", line N, in function}: the frame's first line in a Python traceback. */
    @Override
    public String toString() {
        return "File \"" + file + "\", line " + line + ", in " + function;
    }
}
