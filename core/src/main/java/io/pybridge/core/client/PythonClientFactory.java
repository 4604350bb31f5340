package io.pybridge.core.client;

import io.pybridge.core.PythonCallDescription;
import io.pybridge.core.PythonFuture;
import io.pybridge.core.PythonInterpreter;
import io.pybridge.core.PythonOperations;
import io.pybridge.core.PythonSession;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.exception.PythonArgumentException;
import io.pybridge.core.exception.PythonBridgeException;
import io.pybridge.core.exception.PythonClientValidationException;
import io.pybridge.core.exception.PythonSyntaxException;
import io.pybridge.core.exception.PythonException;
import io.pybridge.core.runtime.NameMapping;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * Creates implementations of {@link PythonCall} interfaces: each method call becomes a call of
 * its Python function through {@link PythonOperations}, wrapped by a {@link ClientCallDecorator}.
 * Methods returning {@code CompletableFuture} run on the executor, off the caller's thread;
 * those of an {@code async def} (and undecorated) instead hand its coroutine to the interpreter's
 * event loop and hold no thread while it awaits. Methods returning Reactor's {@code Mono} (when
 * reactor-core is present) are lazy: the call starts on subscription, on Reactor's bounded-elastic
 * scheduler.
 */
public final class PythonClientFactory {

    private final PythonOperations operations;

    private final Executor executor;

    private final ClientCallDecorator decorator;

    private final boolean validateOnCreation;

    /** Client name to the interpreter configuration aims all its methods at (over the annotations). */
    private final Map<String, PythonInterpreter> configuredInterpreters;

    /**
     * How keyword parameters' own names are spelled: the runtime's, when the operations are a
     * template's, else the default.
     */
    private final NameMapping nameMapping;

    /**
     * @param executor runs asynchronous methods and {@link ClientInvocation#submit()}
     * @param validateOnCreation whether methods with {@link PythonCall.Validation#DEFAULT} are
     *     checked when the client is created (else at their first call)
     */
    public PythonClientFactory(PythonOperations operations, Executor executor, @Nullable ClientCallDecorator decorator,
            boolean validateOnCreation) {
        this(operations, executor, decorator, validateOnCreation, Map.of());
    }

    /**
     * @param configuredInterpreters client name to the interpreter all of that client's methods run
     *     in, over what their {@code @PythonCall(interpreter = ...)} says (for moving a client to the
     *     pool, or out of it, by configuration)
     * @see #PythonClientFactory(PythonOperations, Executor, ClientCallDecorator, boolean)
     */
    public PythonClientFactory(PythonOperations operations, Executor executor, @Nullable ClientCallDecorator decorator,
            boolean validateOnCreation, Map<String, PythonInterpreter> configuredInterpreters) {
        this.operations = Objects.requireNonNull(operations, "operations");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.decorator = decorator == null ? ClientCallDecorator.NONE : decorator;
        this.validateOnCreation = validateOnCreation;
        this.configuredInterpreters = Map.copyOf(configuredInterpreters);
        this.nameMapping = operations instanceof PythonTemplate template ? template.getRuntime().config().nameMapping()
                : NameMapping.SNAKE_CASE;
    }

    /** Where {@code method} of client {@code name} runs: configuration, then annotations, then main. */
    private PythonOperations operationsFor(ClientMethod method, String name) {
        PythonInterpreter target = configuredInterpreters.get(name);
        if (target == null) {
            target = method.declaredInterpreter();
        }
        if (target == null || target == PythonInterpreter.MAIN) {
            return operations;
        }
        if (operations instanceof PythonTemplate template) {
            return template.in(target);
        }
        throw new IllegalArgumentException("Python client method " + method.describe() + " is aimed at "
                + (target == PythonInterpreter.POOL ? "the pool" : "the worker processes") + ", which "
                + "needs the factory's operations to be a PythonTemplate (" + operations.getClass().getName() + " is not)");
    }

    /** A client named after its interface (the default resilience name). */
    public <T> T create(Class<T> client) {
        String simple = client.getSimpleName();
        return create(client, Character.toLowerCase(simple.charAt(0)) + simple.substring(1));
    }

    /**
     * Creates a client; with eager validation, checks every method's Python function first.
     *
     * @param name the client's name, the default resilience4j instance name
     * @throws PythonClientValidationException if a method does not match its Python function
     * @throws IllegalStateException if the interface is not a valid client declaration
     */
    public <T> T create(Class<T> client, String name) {
        Map<Method, ClientMethod> methods = new LinkedHashMap<>();
        Map<ClientMethod, PythonOperations> targets = new HashMap<>();
        for (ClientMethod clientMethod : ClientMethod.of(client, name)) {
            methods.put(clientMethod.method(), clientMethod);
            targets.put(clientMethod, operationsFor(clientMethod, name));
        }
        Handler handler = new Handler(client, name, methods, targets);
        // Every method is checked before anything is reported, so one start-up names them all.
        List<PythonClientValidationException> broken = new ArrayList<>();
        for (ClientMethod method : methods.values()) {
            boolean eager = method.validation() == PythonCall.Validation.EAGER
                    || (method.validation() == PythonCall.Validation.DEFAULT && validateOnCreation);
            if (eager) {
                try {
                    handler.validate(method);
                }
                catch (PythonClientValidationException ex) {
                    broken.add(ex);
                }
            }
        }
        if (!broken.isEmpty()) {
            throw PythonClientValidationException.combined(client.getName(), broken);
        }
        return client.cast(Proxy.newProxyInstance(client.getClassLoader(), new Class<?>[] { client }, handler));
    }

    private final class Handler implements InvocationHandler {

        private final Class<?> client;

        private final String name;

        private final Map<Method, ClientMethod> methods;

        /** The operations (main interpreter, pool or worker processes) each method runs through. */
        private final Map<ClientMethod, PythonOperations> targets;

        /** The methods validated, each with its keywords as its function takes them. */
        private final Map<ClientMethod, List<String>> validated = new ConcurrentHashMap<>();

        /** Methods whose function is an {@code async def}, as validation found. */
        private final Set<ClientMethod> coroutines = Collections.newSetFromMap(new ConcurrentHashMap<>());

        Handler(Class<?> client, String name, Map<Method, ClientMethod> methods, Map<ClientMethod, PythonOperations> targets) {
            this.client = client;
            this.name = name;
            this.methods = methods;
            this.targets = targets;
        }

        void validate(ClientMethod method) {
            if (method.isStreaming() && targets.get(method) instanceof PythonTemplate template
                    && template.getInterpreter() == PythonInterpreter.PROCESS) {
                // A stream reads a generator item by item where it lives; a worker process's objects
                // cannot be held from the JVM.
                throw new PythonClientValidationException(method.describe(), "a method returning a Stream, Iterator or "
                        + "Flux cannot run in worker processes: return a List (read whole in the worker)", null);
            }
            try {
                // One visit to Python: the keywords' spelling, and whether the function is an async def.
                // Every method but a streaming one may call an async def: an asynchronous one
                // awaits it on the loop, a synchronous one waits for it (holding no permit).
                Validation found = targets.get(method).execute(session -> new Validation(keywordsTaken(session, method),
                        !method.isStreaming() && Boolean.TRUE.equals(session.eval(IS_COROUTINE_FUNCTION,
                                Map.of("m", method.module(), "f", method.function()), Boolean.class))));
                if (found.coroutine()) {
                    coroutines.add(method);
                }
                validated.put(method, found.keywords());
            }
            catch (PythonBridgeException ex) {
                // A syntax error keeps its location lines (path, source, caret); others their first line.
                String reason = ex instanceof PythonSyntaxException syntax ? syntaxDetail(syntax) : firstLine(ex.getMessage());
                throw new PythonClientValidationException(method.describe(), reason, ex);
            }
        }

        /**
         * The keywords, as {@link NameMapping} spells them, that the function takes; else, when the
         * spelling differs, the parameters' own names if the function takes those (a Python
         * parameter named {@code fromUnit} exactly, as before the mapping). The signature is read
         * here once, so no call pays for the choice.
         */
        private List<String> keywordsTaken(PythonSession session, ClientMethod method) {
            List<String> mapped = method.keywordNames(nameMapping);
            try {
                session.verifyCallable(method.module(), method.function(), method.positionalCount(), mapped);
                return mapped;
            }
            catch (PythonArgumentException ex) {
                List<String> declared = method.keywordNames(NameMapping.EXACT);
                if (declared.equals(mapped)) {
                    throw ex;
                }
                try {
                    session.verifyCallable(method.module(), method.function(), method.positionalCount(), declared);
                }
                catch (PythonArgumentException notEither) {
                    throw ex; // the mapped names' problem is the one to report
                }
                return declared;
            }
        }

        /** The keywords of a validated method as its function takes them. */
        List<String> keywords(ClientMethod method) {
            return validated.get(method);
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            Object[] arguments = args == null ? new Object[0] : args;
            if (method.getDeclaringClass() == Object.class) {
                return objectMethod(proxy, method, arguments);
            }
            if (method.isDefault()) {
                return InvocationHandler.invokeDefault(proxy, method, arguments);
            }
            ClientMethod clientMethod = methods.get(method);
            if (clientMethod.isMono()) {
                // Lazy: validation too waits for the subscription, off the subscriber's thread.
                return ReactorResults.mono(() -> startAsync(clientMethod, arguments));
            }
            if (!validated.containsKey(clientMethod)) {
                validate(clientMethod);
            }
            if (clientMethod.isAsync()) {
                return startAsync(clientMethod, arguments);
            }
            // A synchronous method of an async def waits for the coroutine (proceed() awaits it),
            // with no permit held while it awaits.
            Invocation invocation = new Invocation(clientMethod, targets.get(clientMethod), arguments,
                    keywords(clientMethod), coroutines.contains(clientMethod));
            if (clientMethod.isStreaming()) {
                return StreamingResults.of(clientMethod, () -> decorator.invoke(invocation));
            }
            return decorator.invoke(invocation);
        }

        /** The future of an asynchronous method (a {@code CompletableFuture}, {@code CompletionStage} or {@code Mono}). */
        private CompletableFuture<Object> startAsync(ClientMethod clientMethod, Object[] arguments) {
            if (!validated.containsKey(clientMethod)) {
                validate(clientMethod);
            }
            boolean coroutine = coroutines.contains(clientMethod);
            Invocation invocation = new Invocation(clientMethod, targets.get(clientMethod), arguments,
                    keywords(clientMethod), coroutine);
            if (coroutine && decorator == ClientCallDecorator.NONE) {
                // Started here (the permit only while the coroutine is made), awaited on the
                // interpreter's event loop: no thread is held while it awaits.
                return CoroutineResult.of(invocation.submit(), clientMethod);
            }
            return CompletableFuture.supplyAsync(() -> decorated(invocation), executor);
        }

        private Object decorated(Invocation invocation) {
            try {
                return decorator.invoke(invocation);
            }
            catch (PythonException ex) {
                // A coroutine's error reaches the decorator through its future, unmapped.
                throw invocation.coroutine ? invocation.method.map(ex) : ex;
            }
            catch (RuntimeException ex) {
                throw ex;
            }
            catch (Exception ex) {
                throw new CompletionException(ex);
            }
        }

        private Object objectMethod(Object proxy, Method method, Object[] args) {
            switch (method.getName()) {
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "toString":
                    return "Python client " + name + " (" + client.getName() + ")";
                default:
                    throw new UnsupportedOperationException(method.toString());
            }
        }
    }

    private final class Invocation implements ClientInvocation {

        private final ClientMethod method;

        private final PythonOperations operations;

        private final Object[] args;

        /** The keywords as the function takes them. */
        private final List<String> keywords;

        /** Whether the function is an {@code async def}, whose coroutine awaits on the event loop. */
        private final boolean coroutine;

        Invocation(ClientMethod method, PythonOperations operations, Object[] args, List<String> keywords,
                boolean coroutine) {
            this.method = method;
            this.operations = operations;
            this.args = args;
            this.keywords = keywords;
            this.coroutine = coroutine;
        }

        @Override
        public ClientMethod method() {
            return method;
        }

        @Override
        public Object proceed() {
            if (coroutine) {
                return CoroutineResult.await(submit(), method);
            }
            try {
                return operations.call(method.module(), method.function(), method.positionalArguments(args),
                        method.keywordArguments(args, keywords), method.resultType());
            }
            catch (PythonException ex) {
                throw method.map(ex);
            }
        }

        @Override
        public PythonFuture<Object> submit() {
            if (coroutine) {
                // No executor: the coroutine awaits on the event loop; cancelling cancels its task.
                return operations.callAsync(method.module(), method.function(), method.positionalArguments(args),
                        method.keywordArguments(args, keywords), method.resultType());
            }
            PythonCallDescription call = new PythonCallDescription("call",
                    method.module(), method.function());
            PythonFuture<Object> result = operations.submit(call, session -> {
                try {
                    return session.call(method.module(), method.function(), method.positionalArguments(args),
                            method.keywordArguments(args, keywords), method.resultType());
                }
                catch (PythonException ex) {
                    throw method.map(ex);
                }
            }, executor);
            return result;
        }
    }

    /** What validating a method found: its keywords as the function takes them, and whether it is an async def. */
    private record Validation(List<String> keywords, boolean coroutine) {
    }

    /** Whether function {@code f} of module {@code m} is an {@code async def} (a coroutine function). */
    private static final String IS_COROUTINE_FUNCTION =
            "__import__('inspect').iscoroutinefunction(getattr(__import__('importlib').import_module(m), f))";

    /** "Python module 'm' has a syntax error: SyntaxError: ..." with the file, line, source and caret lines. */
    private static String syntaxDetail(PythonSyntaxException syntax) {
        return firstLine(syntax.getMessage()) + ": " + syntax.getPythonType() + ": " + syntax.getPythonMessage();
    }

    private static String firstLine(String text) {
        int newline = text == null ? -1 : text.indexOf('\n');
        return newline < 0 ? String.valueOf(text) : text.substring(0, newline);
    }
}
