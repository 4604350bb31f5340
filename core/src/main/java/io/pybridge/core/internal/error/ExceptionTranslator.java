package io.pybridge.core.internal.error;

import io.pybridge.core.exception.PythonError;
import io.pybridge.core.exception.PythonException;
import io.pybridge.core.exception.PythonImportException;
import io.pybridge.core.exception.PythonSyntaxException;
import io.pybridge.core.internal.capi.CApi;
import io.pybridge.core.internal.capi.CStrings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * Turns the pending Python exception into Java data ({@link PythonError}) and clears it: the one
 * place where Python errors cross into Java. Must be called holding the GIL, right after a C API
 * function signalled failure.
 */
public final class ExceptionTranslator {

    private final CApi api;

    /** {@code _pybridge.describe}: one call returns the whole exception chain as one string. */
    private final long describe;

    /**
     * Java exceptions thrown by callbacks and now travelling through Python as
     * {@code _pybridge.JavaException}, by token. An entry lives exactly as long as the Python
     * exception: its capsule's destructor calls {@link #forget(long)}.
     */
    private final Map<Long, Throwable> inPython = new ConcurrentHashMap<>();

    private final AtomicLong nextToken = new AtomicLong();

    /** Reads the common exception from its fields, where the binding reads memory inline; else null. */
    private final @Nullable DirectDescriptions direct;

    /**
     * A translator that reads the common exception from its fields (see {@link DirectDescriptions})
     * where the binding reads memory inline and this libpython's layout checks out, and any
     * other one through {@code _pybridge.describe}. GIL held.
     *
     * @param api the binding
     * @param typeOffset where {@code ob_type} lies in an object
     * @param helpers the {@code _pybridge} function of a name, as a strong reference the runtime owns
     */
    public ExceptionTranslator(CApi api, long typeOffset, ToLongFunction<String> helpers) {
        this.api = api;
        this.describe = helpers.applyAsLong("describe");
        ExceptionFields fields = api.readsMemoryInline() ? probeFields(api, typeOffset, helpers.applyAsLong("exception_probes"))
                : ExceptionFields.NONE;
        this.direct = fields.readable() ? new DirectDescriptions(api, fields, typeOffset, helpers.applyAsLong("_kind"),
                helpers.applyAsLong("_frame"), api.symbol("_Py_TrueStruct")) : null;
    }

    private static ExceptionFields probeFields(CApi api, long typeOffset, long makeProbes) {
        long probes = api.PyObject_VectorcallDict(makeProbes, new long[0], 0, 0);
        if (probes == 0) {
            api.PyErr_Clear();
            return ExceptionFields.NONE;
        }
        try {
            return ExceptionFields.probe(true, api::readWord, typeOffset, api.symbol("_Py_NoneStruct"),
                    api.PyTuple_GetItem(probes, 0), api.PyTuple_GetItem(probes, 1), new ApiProbes(api));
        }
        finally {
            api.Py_DecRef(probes);
        }
    }

    /** The getattr and int reads of {@link ExceptionFields#probe}, through the C API. */
    private record ApiProbes(CApi api) implements ExceptionFields.Probes {

        @Override
        public long attribute(long object, String name) {
            long attribute = api.PyObject_GetAttrString(object, CStrings.of(name));
            if (attribute == 0) {
                api.PyErr_Clear();
            }
            return attribute;
        }

        @Override
        public long value(long number) {
            long value = api.PyLong_AsLongLong(number);
            if (value == -1) {
                api.PyErr_Clear();
            }
            return value;
        }

        @Override
        public void release(long reference) {
            api.Py_DecRef(reference);
        }
    }

    /** Releases the references the direct reading caches. GIL held, before the interpreter ends. */
    public void release() {
        if (direct != null) {
            direct.release();
        }
    }

    /**
     * Fetches and clears the pending Python exception.
     *
     * @return its description; a placeholder when no exception was pending (a C API contract
     *     violation, reported rather than hidden)
     */
    public PythonError fetch() {
        long exception = api.takeRaisedException();
        if (exception == 0) {
            return noException();
        }
        try {
            return describe(exception);
        }
        finally {
            api.Py_DecRef(exception);
        }
    }

    private static PythonError noException() {
        return PythonError.reported("SystemError", "a Python C API call failed without setting an exception");
    }

    /** Fetches the pending exception as the matching {@link PythonException}. */
    public PythonException toException() {
        return fetch().toException();
    }

    /**
     * Fetches the pending exception of a failed {@code import module}: a
     * {@link PythonImportException} for an ImportError (ModuleNotFoundError included), a
     * {@link PythonSyntaxException} for a syntax error in the module, the typed exception for a
     * stop ({@code _pybridge.Interrupted}), {@code SystemExit} or {@code RecursionError}, else a
     * {@link PythonException} naming the module.
     */
    public PythonException importFailure(String module) {
        PythonError error = fetch();
        if (error.is("ImportError")) {
            if (error.isolationRefusal() != null) {
                return error.toException();
            }
            return new PythonImportException("Cannot import Python module '" + module + "'", error);
        }
        if (error.is("SyntaxError")) {
            return new PythonSyntaxException("Python module '" + module + "' has a syntax error", error);
        }
        PythonException typed = error.toException();
        // A stop, SystemExit or RecursionError during the import keeps its own type.
        return typed.getClass() != PythonException.class ? typed
                : new PythonException("Importing Python module '" + module + "' failed", error);
    }

    /**
     * {@code reference} if it is one; 0, the C API's "failed, exception set", throws the pending
     * exception. For the functions returning a new or borrowed {@code PyObject*}.
     */
    public long checked(long reference) {
        if (reference == 0) {
            // Not toException(): each frame here is walked again by the exception's stack trace.
            throw fetch().toException();
        }
        return reference;
    }

    /** Throws the pending exception if {@code status}, an int-returning C API result, is not 0. */
    public void checkedStatus(int status) {
        if (status != 0) {
            throw toException();
        }
    }

    private PythonError describe(long exception) {
        if (direct != null) {
            @Nullable PythonError read = direct.describe(exception);
            if (read != null) {
                return read;
            }
        }
        long text = api.PyObject_VectorcallDict(describe, new long[] { exception }, 1, 0);
        if (text == 0) {
            // describe() itself failed: a MemoryError, or no stack left for Python code (a
            // RecursionError raised near CPython's stack limit, 3.14+). What C alone can read.
            api.PyErr_Clear();
            return undescribed(exception);
        }
        try {
            byte[] utf8 = api.utf8Of(text);
            if (utf8 == null) {
                api.PyErr_Clear();
                return PythonError.reported("BaseException", "the Python exception message is not valid text");
            }
            return ErrorDescriptions.parse(new String(utf8, StandardCharsets.UTF_8), inPython::get);
        }
        finally {
            api.Py_DecRef(text);
        }
    }

    /**
     * The exception {@code _pybridge.describe}'s text describes, read with no interpreter: how an
     * exception raised in a worker process, which sends that text, becomes the same
     * {@link PythonError} as in-process (no Java exception can travel through a worker).
     */
    public static PythonError fromDescription(String text) {
        return ErrorDescriptions.parse(text, token -> null);
    }

    /**
     * An exception {@code _pybridge.describe} could not describe, from C calls that run no Python
     * frame: its type's name ({@code type(e).__name__}, a C getter) and {@code str(e)} (C for the
     * built-in exceptions). So a {@code RecursionError} raised where the stack is nearly used up
     * still becomes a {@code PythonRecursionException}, with CPython's message.
     */
    private PythonError undescribed(long exception) {
        @Nullable String type = null;
        long kind = api.PyObject_GetAttrString(exception, CStrings.of("__class__"));
        if (kind != 0) {
            type = textOf(api.PyObject_GetAttrString(kind, CStrings.of("__name__")));
            api.Py_DecRef(kind);
        }
        else {
            api.PyErr_Clear();
        }
        @Nullable String message = onlyTextArgument(exception);
        if (message == null) {
            message = textOf(api.PyObject_Str(exception));
        }
        return PythonError.reported(type == null ? "BaseException" : type,
                message == null ? "the Python exception could not be described" : message);
    }

    /**
     * The exception's only argument if it is a str (the message of the built-in exceptions), read
     * through the {@code args} getter and the tuple. Unlike {@code str(e)}, which checks the stack
     * first ({@code Py_EnterRecursiveCall}), none of these calls does, so the message survives
     * where a {@code RecursionError} was raised for lack of stack. Null (error cleared) otherwise.
     */
    private @Nullable String onlyTextArgument(long exception) {
        long args = api.PyObject_GetAttrString(exception, CStrings.of("args"));
        if (args == 0) {
            api.PyErr_Clear();
            return null;
        }
        try {
            if (api.PyTuple_Size(args) != 1) {
                api.PyErr_Clear(); // -1 with an error if args is not a tuple
                return null;
            }
            long first = api.PyTuple_GetItem(args, 0); // borrowed from args, held until the finally
            byte[] utf8 = first == 0 ? null : api.utf8Of(first);
            if (utf8 == null) {
                api.PyErr_Clear(); // not a str: TypeError
                return null;
            }
            return new String(utf8, StandardCharsets.UTF_8);
        }
        finally {
            api.Py_DecRef(args);
        }
    }

    /** The text of a new reference to a str, released; null (error cleared) if there is none. */
    private @Nullable String textOf(long str) {
        if (str == 0) {
            api.PyErr_Clear();
            return null;
        }
        try {
            byte[] utf8 = api.utf8Of(str);
            if (utf8 == null) {
                api.PyErr_Clear();
                return null;
            }
            return new String(utf8, StandardCharsets.UTF_8);
        }
        finally {
            api.Py_DecRef(str);
        }
    }

    /**
     * Registers a Java exception about to be raised in Python; returns its token (never 0, a
     * capsule's pointer must not be NULL). Release with {@link #forget(long)}.
     */
    public long remember(Throwable thrown) {
        long token = nextToken.incrementAndGet();
        inPython.put(token, thrown);
        return token;
    }

    /** Drops a registered Java exception (its Python exception was freed, or never raised). */
    public void forget(long token) {
        inPython.remove(token);
    }

    /** How many Java exceptions Python still holds (for leak checks). */
    public int rememberedCount() {
        return inPython.size();
    }
}
