package io.pybridge.core.internal.process;

import io.pybridge.core.PythonObject;
import io.pybridge.core.PythonSession;
import io.pybridge.core.TypeRef;
import io.pybridge.core.exception.PythonArgumentException;
import io.pybridge.core.exception.PythonConversionException;
import io.pybridge.core.exception.PythonError;
import io.pybridge.core.exception.PythonFunctionNotFoundException;
import io.pybridge.core.internal.error.ExceptionTranslator;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A {@link PythonSession} whose operations run in one worker process, held for the session: each
 * operation is one request and one answer. Arguments become a wire tree ({@link ArgumentTrees}),
 * the requested type a shape the worker fills ({@link ResultShapes}), the answer the requested
 * type ({@link ResultReader}); a Python exception arrives as {@code _pybridge.describe}'s text and
 * becomes the same typed exception as in-process. Used by the thread that holds the worker only.
 */
final class WorkerSession implements PythonSession {

    private final WorkerProcess worker;

    /** This session's use of the worker: what a stop of its call aims at. */
    private final WorkerProcess.Lease lease;

    private final WireConversions conversions;

    /** Whether no request of this session has been sent yet (one that could not be may go elsewhere). */
    private boolean first = true;

    WorkerSession(WorkerProcess worker, WorkerProcess.Lease lease, WireConversions conversions) {
        this.worker = worker;
        this.lease = lease;
        this.conversions = conversions;
    }

    @Override
    public void exec(String code) {
        exec(code, Map.of());
    }

    @Override
    public void exec(String code, Map<String, ?> variables) {
        Object tree = variables(variables, "variables");
        WireWriter request = worker.request().arrayHeader(4).value((long) WireFormat.EXEC).value(worker.memoryField())
                .value(code).value(tree);
        answer(request, "exec", "result", Void.class);
    }

    @Override
    public @Nullable Object eval(String expression) {
        return eval(expression, Map.of(), Object.class);
    }

    @Override
    public <T> @Nullable T eval(String expression, Class<T> type) {
        return eval(expression, Map.of(), type);
    }

    @Override
    public @Nullable Object eval(String expression, Map<String, ?> variables) {
        return eval(expression, variables, Object.class);
    }

    @Override
    @SuppressWarnings("unchecked") // a primitive class cannot cast its boxed value: as in-process, unchecked
    public <T> @Nullable T eval(String expression, Map<String, ?> variables, Class<T> type) {
        return (T) evalAs(expression, variables, type);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> @Nullable T eval(String expression, Map<String, ?> variables, TypeRef<T> type) {
        return (T) evalAs(expression, variables, type.getType());
    }

    private @Nullable Object evalAs(String expression, Map<String, ?> variables, Type type) {
        Object shape = conversions.shapes().of(type);
        Object tree = variables(variables, "variables");
        WireWriter request = worker.request().arrayHeader(5).value((long) WireFormat.EVAL).value(worker.memoryField())
                .value(expression).value(tree).value(shape);
        return answer(request, "eval", "result", type);
    }

    @Override
    public PythonObject importModule(String module) {
        throw new UnsupportedOperationException("importModule returns a PythonObject handle, and a worker process's "
                + "objects cannot be held from the JVM: call the module's functions instead");
    }

    @Override
    public @Nullable Object call(String module, String function, @Nullable Object... args) {
        return call(module, function, args == null ? List.of() : Arrays.asList(args), null, Object.class);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> @Nullable T callForObject(String module, String function, Class<T> resultType, @Nullable Object... args) {
        return (T) (call(module, function, args == null ? List.of() : Arrays.asList(args), null, resultType));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> @Nullable T callForObject(String module, String function, TypeRef<T> resultType, @Nullable Object... args) {
        return (T) call(module, function, args == null ? List.of() : Arrays.asList(args), null, resultType.getType());
    }

    @Override
    public @Nullable Object call(String module, String function, @Nullable List<?> args, @Nullable Map<String, ?> keywords,
            Type resultType) {
        Object shape = conversions.shapes().of(resultType);
        List<@Nullable Object> argTree = args == null ? List.of() : conversions.arguments().arguments(args.toArray());
        Object keywordTree = keywords == null || keywords.isEmpty() ? null : variables(keywords, "keywords");
        WireWriter request = worker.request().arrayHeader(7).value((long) WireFormat.CALL).value(worker.memoryField())
                .value(module).value(function).value(argTree).value(keywordTree).value(shape);
        return answer(request, module + "." + function, module + "." + function + "() result", resultType);
    }

    @Override
    public void verifyCallable(String module, String function, int positionalArgs, Collection<String> keywords) {
        WireWriter request = worker.request().arrayHeader(6).value((long) WireFormat.VERIFY).value(worker.memoryField())
                .value(module).value(function).value((long) positionalArgs).value(List.copyOf(keywords));
        List<?> checked = (List<?>) answer(request, module + "." + function, "result", Object.class);
        Object problem = checked == null ? null : checked.get(0);
        if (problem != null) {
            throw new PythonArgumentException("Python function " + module + "." + function + " cannot take "
                    + positionalArgs + " positional argument(s)" + (keywords.isEmpty() ? "" : " and keywords " + keywords)
                    + ": " + problem, PythonError.reported("TypeError", (String) problem));
        }
    }

    private @Nullable Object read(@Nullable Object value, Type type, String resultPath) {
        try {
            return conversions.reader().read(value, type);
        }
        catch (PythonConversionException ex) {
            throw ex.under(resultPath);
        }
    }

    /** The worker's {@code [problem, path]} of a value it could not send. */
    private static PythonConversionException refused(List<?> problem) {
        PythonConversionException refused = new PythonConversionException((String) problem.get(0));
        Object path = problem.get(1);
        return path == null || ((String) path).isEmpty() ? refused : refused.under((String) path);
    }

    /** A map of names to values (variables, keywords): keys as written, values converted. */
    private @Nullable Object variables(@Nullable Map<String, ?> variables, String what) {
        if (variables == null || variables.isEmpty()) {
            return null;
        }
        Map<Object, Object> tree = new LinkedHashMap<>();
        for (Map.Entry<String, ?> entry : variables.entrySet()) {
            try {
                tree.put(entry.getKey(), conversions.arguments().tree(entry.getValue()));
            }
            catch (PythonConversionException ex) {
                throw ex.under(what + "[\"" + entry.getKey() + "\"]");
            }
        }
        return tree;
    }

    /**
     * Sends the request, then turns the answer into the result or the exception.
     *
     * @param resultPath how a conversion failure names the result ({@code mod.f() result}), as in-process
     */
    private @Nullable Object answer(WireWriter request, String description, String resultPath, Type type) {
        List<?> answer;
        try {
            answer = worker.exchange(description, lease);
        }
        catch (WorkerProcess.NotSent notSent) {
            if (first) {
                throw notSent; // nothing ran: the caller may send it to another worker
            }
            throw notSent.died();
        }
        finally {
            first = false;
        }
        int status = ((Long) answer.get(0)).intValue();
        Object value = answer.get(1);
        return switch (status) {
            case WireFormat.OK -> read(value, type, resultPath);
            case WireFormat.RAISED -> throw ExceptionTranslator.fromDescription((String) value).toException();
            case WireFormat.NOT_TRANSFERABLE -> throw refused((List<?>) value).under(resultPath);
            case WireFormat.NOT_FOUND -> throw new PythonFunctionNotFoundException((String) value,
                    PythonError.reported("AttributeError", (String) value));
            default -> throw new IllegalStateException("unknown answer status " + status + " from " + worker.name);
        };
    }
}
