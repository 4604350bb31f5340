package io.pybridge.core.convert;

import io.pybridge.core.PythonError;
import io.pybridge.core.PythonException;
import io.pybridge.core.PythonFrame;
import io.pybridge.core.capi.CApi;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns the pending Python exception into Java data ({@link PythonError}) and clears it: the one
 * place where Python errors cross into Java. Must be called holding the GIL, right after a C API
 * function signalled failure.
 */
public final class ExceptionTranslator {

    private static final String FIELD = "\u001f";

    private static final String RECORD = "\u001e";

    /** Fields before the flattened (file, line, function) frame triples. */
    private static final int HEADER_FIELDS = 4;

    private final CApi api;

    /** {@code _pybridge.describe}: one call returns the whole exception chain as one string. */
    private final long describe;

    /**
     * @param api the binding
     * @param describe a strong reference to {@code _pybridge.describe}, owned by the runtime
     */
    public ExceptionTranslator(CApi api, long describe) {
        this.api = api;
        this.describe = describe;
    }

    /**
     * Fetches and clears the pending Python exception.
     *
     * @return its description; a placeholder when no exception was pending (a C API contract
     *     violation, reported rather than hidden)
     */
    public PythonError fetch() {
        long[] type = new long[1];
        long[] value = new long[1];
        long[] traceback = new long[1];
        api.PyErr_Fetch(type, value, traceback);
        if (type[0] == 0) {
            return new PythonError("SystemError", "a Python C API call failed without setting an exception",
                    List.of("SystemError", "Exception", "BaseException"), List.of(), null, null);
        }
        try {
            api.PyErr_NormalizeException(type, value, traceback);
            if (traceback[0] != 0) {
                api.PyException_SetTraceback(value[0], traceback[0]);
            }
            return describe(value[0]);
        }
        finally {
            api.Py_DecRef(type[0]);
            api.Py_DecRef(value[0]);
            api.Py_DecRef(traceback[0]);
        }
    }

    /** Fetches the pending exception as the matching {@link PythonException}. */
    public PythonException toException() {
        return fetch().toException();
    }

    private PythonError describe(long exception) {
        long text = api.PyObject_VectorcallDict(describe, new long[] { exception }, 1, 0);
        if (text == 0) {
            // describe() itself failed (MemoryError, say): report that rather than nothing.
            api.PyErr_Clear();
            return new PythonError("BaseException", "the Python exception could not be described",
                    List.of("BaseException"), List.of(), null, null);
        }
        try {
            long[] size = new long[1];
            long utf8 = api.PyUnicode_AsUTF8AndSize(text, size);
            if (utf8 == 0) {
                api.PyErr_Clear();
                return new PythonError("BaseException", "the Python exception message is not valid text",
                        List.of("BaseException"), List.of(), null, null);
            }
            return parse(new String(api.readBytes(utf8, Math.toIntExact(size[0])), StandardCharsets.UTF_8));
        }
        finally {
            api.Py_DecRef(text);
        }
    }

    /** Parses the chain written by {@code _pybridge.describe}, innermost cause last. */
    static PythonError parse(String chain) {
        String[] records = chain.split(RECORD, -1);
        PythonError cause = null;
        for (int i = records.length - 1; i >= 0; i--) {
            cause = parseRecord(records[i], cause);
        }
        return cause;
    }

    private static PythonError parseRecord(String record, PythonError cause) {
        String[] fields = record.split(FIELD, -1);
        List<PythonFrame> frames = new ArrayList<>();
        for (int i = HEADER_FIELDS; i + 2 < fields.length; i += 3) {
            frames.add(new PythonFrame(fields[i], Integer.parseInt(fields[i + 1]), fields[i + 2]));
        }
        List<String> builtins = fields[2].isEmpty() ? List.of() : Arrays.asList(fields[2].split(","));
        Integer exitCode = fields[3].isEmpty() ? null : parseExitCode(fields[3]);
        return new PythonError(fields[0], fields[1], builtins, frames, exitCode, cause);
    }

    private static Integer parseExitCode(String code) {
        try {
            return Integer.valueOf(code);
        }
        catch (NumberFormatException tooLarge) {
            return null;
        }
    }
}
