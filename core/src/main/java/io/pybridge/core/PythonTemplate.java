package io.pybridge.core;

import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * The central entry point: call Python from any Java thread. Each method takes the permit and
 * the GIL for its own duration and funnels into {@link #execute(PythonCallback)}; group several
 * operations that must not interleave with other callers into one {@code execute} block.
 *
 * <p>Thread-safe; one instance per runtime is enough. Platform threads run Python themselves;
 * virtual threads hand the work to platform workers and park (see the threading model docs).
 */
public class PythonTemplate implements PythonOperations {

    private static final PythonCallDescription EXECUTE = new PythonCallDescription("execute", "", "");

    private static final PythonCallDescription EVAL = new PythonCallDescription("eval", "__main__", "");

    private static final PythonCallDescription EXEC = new PythonCallDescription("exec", "__main__", "");

    private final PythonRuntime runtime;

    private final @Nullable PythonCallInterceptor interceptor;

    private final PythonInterpreter interpreter;

    public PythonTemplate(PythonRuntime runtime) {
        this(runtime, null);
    }

    /**
     * @param interceptor runs around every operation (metrics, tracing), or null for none
     */
    public PythonTemplate(PythonRuntime runtime, @Nullable PythonCallInterceptor interceptor) {
        this(runtime, interceptor, PythonInterpreter.MAIN);
    }

    /**
     * @param interceptor runs around every operation (metrics, tracing), or null for none
     * @param interpreter where its operations run: the main interpreter, or whichever pooled
     *     interpreter is free
     */
    public PythonTemplate(PythonRuntime runtime, @Nullable PythonCallInterceptor interceptor,
            PythonInterpreter interpreter) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.interceptor = interceptor;
        this.interpreter = Objects.requireNonNull(interpreter, "interpreter");
    }

    /**
     * This template's twin aimed at the pool of own-GIL sub-interpreters (same runtime and
     * interceptor): each of its operations runs in whichever pooled interpreter is free, in
     * parallel with the others. Module-level state is per interpreter; handles it returns belong
     * to the interpreter that made them.
     */
    public PythonTemplate inPool() {
        return in(PythonInterpreter.POOL);
    }

    /**
     * This template's twin aimed at the worker processes (same runtime and interceptor): each
     * operation runs in whichever worker process is free, out of the JVM. Only data crosses:
     * operations that would give a {@link PythonObject} handle, and Java functions as arguments,
     * are refused; see the worker processes documentation.
     */
    public PythonTemplate inProcesses() {
        return in(PythonInterpreter.PROCESS);
    }

    /** This template's twin aimed at {@code target} (same runtime and interceptor). */
    public PythonTemplate in(PythonInterpreter target) {
        return interpreter == target ? this : new PythonTemplate(runtime, interceptor, target);
    }

    /** Where this template's operations run. */
    public PythonInterpreter getInterpreter() {
        return interpreter;
    }

    /** The runtime this template calls into. */
    public PythonRuntime getRuntime() {
        return runtime;
    }

    @Override
    public <T> T execute(PythonCallback<T> action) {
        Objects.requireNonNull(action, "action");
        // The application's callback may catch what the session throws: no deferred stack traces.
        return runtime.call(interceptor, EXECUTE, interpreter, false, action);
    }

    @Override
    public <T> PythonFuture<T> submit(PythonCallback<T> action, Executor executor) {
        return submit(EXECUTE, action, executor);
    }

    @Override
    public <T> PythonFuture<T> submit(PythonCallDescription call, PythonCallback<T> action, Executor executor) {
        return runtime.submit(interceptor, call, interpreter, action, executor);
    }

    @Override
    public PythonFuture<Object> callAsync(String module, String function, List<?> args, Map<String, ?> keywords,
            Type resultType) {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(function, "function");
        return runtime.callAsync(interceptor, call(module, function), interpreter, module, function,
                args == null ? List.of() : args, keywords == null ? Map.of() : keywords, resultType);
    }

    /**
     * Every operation of the template's own funnels here: the interceptor, then the permit and the
     * GIL, then a session. Nothing of the application's runs inside, so an exception takes its
     * Java stack trace once back in the funnel, outside the GIL (see {@code DeferredStackTraces}).
     */
    private <T> T run(PythonCallDescription call, PythonCallback<T> action) {
        return runtime.call(interceptor, call, interpreter, true, action);
    }

    private static PythonCallDescription call(String module, String function) {
        return new PythonCallDescription("call", module, function);
    }

    @Override
    public void exec(String code) {
        run(EXEC, session -> {
            session.exec(code);
            return null;
        });
    }

    @Override
    public void exec(String code, Map<String, ?> variables) {
        run(EXEC, session -> {
            session.exec(code, variables);
            return null;
        });
    }

    @Override
    public Object eval(String expression) {
        return run(EVAL, session -> session.eval(expression));
    }

    @Override
    public <T> T eval(String expression, Class<T> type) {
        return run(EVAL, session -> session.eval(expression, type));
    }

    @Override
    public Object eval(String expression, Map<String, ?> variables) {
        return run(EVAL, session -> session.eval(expression, variables));
    }

    @Override
    public <T> T eval(String expression, Map<String, ?> variables, Class<T> type) {
        return run(EVAL, session -> session.eval(expression, variables, type));
    }

    @Override
    public <T> T eval(String expression, Map<String, ?> variables, TypeRef<T> type) {
        return run(EVAL, session -> session.eval(expression, variables, type));
    }

    @Override
    public PythonObject importModule(String module) {
        return run(call(module, ""), session -> session.importModule(module));
    }

    @Override
    public Object call(String module, String function, Object... args) {
        return run(call(module, function), session -> session.call(module, function, args));
    }

    @Override
    public <T> T callForObject(String module, String function, Class<T> resultType, Object... args) {
        return run(call(module, function), session -> session.callForObject(module, function, resultType, args));
    }

    @Override
    public <T> T callForObject(String module, String function, TypeRef<T> resultType, Object... args) {
        return run(call(module, function), session -> session.callForObject(module, function, resultType, args));
    }

    @Override
    public Object call(String module, String function, List<?> args, Map<String, ?> keywords, Type resultType) {
        return run(call(module, function), session -> session.call(module, function, args, keywords, resultType));
    }
}
