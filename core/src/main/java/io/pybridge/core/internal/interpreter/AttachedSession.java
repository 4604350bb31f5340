package io.pybridge.core.internal.interpreter;

import io.pybridge.core.PythonObject;
import io.pybridge.core.PythonSession;
import io.pybridge.core.TypeRef;
import io.pybridge.core.exception.PythonArgumentException;
import io.pybridge.core.exception.PythonConversionException;
import io.pybridge.core.exception.PythonError;
import io.pybridge.core.exception.PythonException;
import io.pybridge.core.internal.capi.CApi;
import io.pybridge.core.internal.capi.CStrings;
import io.pybridge.core.internal.interpreter.CodeCache.CompiledCode;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@link PythonSession} for the thread that holds the permit and the GIL. Every temporary
 * reference it makes is released before the method returns, on success and on failure.
 */
final class AttachedSession implements PythonSession {

    private static final long[] NO_ARGUMENTS = {};

    private final Interpreter interpreter;

    private final CApi api;

    private final Thread owner = Thread.currentThread();

    private boolean open = true;

    AttachedSession(Interpreter interpreter) {
        this.interpreter = interpreter;
        this.api = interpreter.api;
    }

    /** Ends the session: later use (a leaked reference to it) fails instead of touching Python unlocked. */
    void close() {
        open = false;
    }

    private void checkUsable() {
        if (!open) {
            throw new IllegalStateException("This PythonSession ended with its execute() block; "
                    + "use PythonOperations outside of it");
        }
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("A PythonSession may only be used by the thread running its execute() block");
        }
    }

    @Override
    public void exec(String code) {
        checkUsable();
        interpreter.toPython.release(evaluate(code, CApi.FILE_INPUT, null));
    }

    @Override
    public void exec(String code, Map<String, ?> variables) {
        checkUsable();
        interpreter.toPython.release(evaluate(code, CApi.FILE_INPUT, variables));
    }

    @Override
    public Object eval(String expression) {
        return evaluateTo(expression, null, Object.class);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T eval(String expression, Class<T> type) {
        // Not type.cast(): for int.class the value is an Integer, which Class.cast rejects.
        return (T) evaluateTo(expression, null, type);
    }

    @Override
    public Object eval(String expression, Map<String, ?> variables) {
        return evaluateTo(expression, variables, Object.class);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T eval(String expression, Map<String, ?> variables, Class<T> type) {
        return (T) evaluateTo(expression, variables, type);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T eval(String expression, Map<String, ?> variables, TypeRef<T> type) {
        return (T) evaluateTo(expression, variables, type.getType());
    }

    private Object evaluateTo(String expression, Map<String, ?> variables, Type type) {
        checkUsable();
        long result = evaluate(expression, CApi.EVAL_INPUT, variables);
        try {
            return interpreter.fromPython.convert(result, type);
        }
        catch (PythonConversionException ex) {
            throw ex.under("result");
        }
        finally {
            interpreter.toPython.release(result);
        }
    }

    @Override
    public PythonObject importModule(String module) {
        checkUsable();
        long moduleObject = api.PyImport_ImportModule(CStrings.of(module));
        if (moduleObject == 0) {
            throw interpreter.errors.importFailure(module);
        }
        try {
            return (PythonObject) interpreter.fromPython.convert(moduleObject, PythonObject.class);
        }
        finally {
            api.Py_DecRef(moduleObject);
        }
    }

    @Override
    public Object call(String module, String function, Object... args) {
        return call(module, function, args, null, Object.class);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T callForObject(String module, String function, Class<T> resultType, Object... args) {
        return (T) call(module, function, args, null, resultType);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T callForObject(String module, String function, TypeRef<T> resultType, Object... args) {
        return (T) call(module, function, args, null, resultType.getType());
    }

    @Override
    public void verifyCallable(String module, String function, int positionalArgs, Collection<String> keywords) {
        checkUsable();
        long callable = interpreter.lookup.function(module, function);
        try {
            interpreter.lookup.requireCallable(callable, module, function);
            String problem = interpreter.signatureProblem(callable, positionalArgs, keywords);
            if (problem != null) {
                throw new PythonArgumentException("Python function " + module + "." + function + " cannot take "
                        + positionalArgs + " positional argument(s)" + (keywords.isEmpty() ? "" : " and keywords " + keywords)
                        + ": " + problem, PythonError.reported("TypeError", problem));
            }
        }
        finally {
            api.Py_DecRef(callable);
        }
    }

    @Override
    public Object call(String module, String function, List<?> args, Map<String, ?> keywords, Type resultType) {
        return call(module, function, args == null ? new Object[0] : args.toArray(), keywords, resultType);
    }

    private Object call(String module, String function, Object[] args, Map<String, ?> keywords, Type resultType) {
        long result = rawCall(module, function, args, keywords);
        try {
            return convert(module, function, result, resultType);
        }
        finally {
            interpreter.toPython.release(result);
        }
    }

    /**
     * Calls {@code module.function}; a result that can be awaited (the coroutine of an
     * {@code async def}, a future) is handed to this interpreter's event loop, which reports to
     * {@code completion} when it ends; any other result is converted at once.
     */
    AwaitedCall callAwaiting(String module, String function, List<?> args, Map<String, ?> keywords, Type resultType,
            AwaitedCall.Completion completion) {
        long result = rawCall(module, function, args == null ? new Object[0] : args.toArray(), keywords);
        try {
            if (interpreter.eventLoop.isAwaitable(result)) {
                return AwaitedCall.pending(interpreter.eventLoop.submit(result, resultType, completion));
            }
            return AwaitedCall.immediate(convert(module, function, result, resultType));
        }
        finally {
            interpreter.toPython.release(result);
        }
    }

    private Object convert(String module, String function, long result, Type resultType) {
        try {
            return interpreter.fromPython.convert(result, resultType);
        }
        catch (PythonConversionException ex) {
            throw ex.under(module + "." + function + "() result");
        }
    }

    /** Calls {@code module.function}; returns the result, a new reference the caller releases. */
    private long rawCall(String module, String function, Object[] args, Map<String, ?> keywords) {
        checkUsable();
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(function, "function");
        long callable = interpreter.lookup.function(module, function);
        try {
            long kwargs = keywords == null || keywords.isEmpty() ? 0 : interpreter.fill(api.PyDict_New(), keywords, "keywords");
            try {
                return invoke(module, function, callable, args, kwargs, keywords);
            }
            finally {
                api.Py_DecRef(kwargs);
            }
        }
        finally {
            api.Py_DecRef(callable);
        }
    }

    private long invoke(String module, String function, long callable, Object[] args, long kwargs,
            Map<String, ?> keywords) {
        try {
            return interpreter.callFunction(callable, args, kwargs);
        }
        catch (PythonException ex) {
            // A TypeError with no frame of the callee, from a call whose arguments do not bind to
            // the function's signature: the function never ran, the arguments did not fit.
            if ("TypeError".equals(ex.getPythonType()) && ex.getPythonFrames().isEmpty()) {
                interpreter.lookup.requireCallable(callable, module, function);
                if (interpreter.signatureProblem(callable, args.length,
                        keywords == null ? List.of() : keywords.keySet()) != null) {
                    throw new PythonArgumentException("Python function " + module + "." + function + " rejected "
                            + args.length + " positional argument(s)"
                            + (keywords == null || keywords.isEmpty() ? "" : " and keywords " + keywords.keySet()),
                            PythonError.reported("TypeError", ex.getPythonMessage()));
                }
            }
            throw ex;
        }
        catch (PythonConversionException ex) {
            throw ex.under(module + "." + function + "() ");
        }
    }

    /**
     * Runs compiled source in {@code __main__}, or, with variables, in a private copy of its
     * namespace so the variables (and names the code defines) do not leak into it. Using one
     * dict as both globals and locals keeps comprehensions and lambdas able to see the variables.
     */
    private long evaluate(String source, int start, Map<String, ?> variables) {
        Objects.requireNonNull(source, "source");
        CompiledCode code = interpreter.code.compile(source, start);
        try {
            boolean privateNamespace = variables != null && !variables.isEmpty();
            if (!privateNamespace && code.mainFunction() != 0) {
                // Same globals and locals as PyEval_EvalCode(code, main, main), see CodeCache.
                return interpreter.errors.checked(api.PyObject_VectorcallDict(code.mainFunction(), NO_ARGUMENTS, 0, 0));
            }
            long namespace = interpreter.mainDict;
            if (privateNamespace) {
                namespace = interpreter.fill(api.PyDict_Copy(interpreter.mainDict), variables, "variables");
            }
            try {
                return interpreter.errors.checked(api.PyEval_EvalCode(code.reference(), namespace, namespace));
            }
            finally {
                if (privateNamespace) {
                    api.Py_DecRef(namespace);
                }
            }
        }
        finally {
            code.release(api);
        }
    }
}
