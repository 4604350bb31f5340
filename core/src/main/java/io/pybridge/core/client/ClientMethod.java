package io.pybridge.core.client;

import io.pybridge.core.PythonInterpreter;
import io.pybridge.core.PythonName;
import io.pybridge.core.runtime.NameMapping;

import io.pybridge.core.exception.PythonException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * What one {@link PythonCall} interface method means, worked out once when the client is
 * created: the Python function, which parameters are positional and which keywords, the result
 * type (generic, {@code void}, or the {@code T} of {@code CompletableFuture<T>} or {@code Mono<T>}), the exception
 * mappings and the resilience name.
 */
public final class ClientMethod {

    private final Class<?> client;

    private final Method method;

    private final String module;

    private final String function;

    private final String resilienceName;

    private final PythonCall.Validation validation;

    /** Where the annotations aim the calls, or null if neither the method nor the interface says. */
    private final @Nullable PythonInterpreter declaredInterpreter;

    private final int[] positional;

    private final Map<String, Integer> keywords;

    /** The keywords named by {@code @Keyword("name")} or {@link PythonName}: no {@link NameMapping} respells them. */
    private final Set<String> namedKeywords;

    private final Type resultType;

    private final boolean async;

    /** Whether the method returns Reactor's {@code Mono}, recognized by name: Reactor may be absent. */
    private final boolean mono;

    /** Whether the method returns items one at a time ({@code Stream}, {@code Iterator}, {@code Flux}). */
    private final boolean streaming;

    private final List<PythonExceptionMapping> exceptionMappings;

    ClientMethod(Class<?> client, Method method, String clientName) {
        this.client = client;
        this.method = method;
        PythonCall onType = client.getAnnotation(PythonCall.class);
        PythonCall onMethod = method.getAnnotation(PythonCall.class);
        this.module = first(onMethod == null ? "" : onMethod.module(), onType == null ? "" : onType.module());
        if (module.isEmpty()) {
            throw invalid("no Python module: set @PythonCall(module = ...) on the method or the interface");
        }
        this.function = first(onMethod == null ? "" : onMethod.function(), method.getName());
        this.resilienceName = first(onMethod == null ? "" : onMethod.resilience(),
                onType == null ? "" : onType.resilience(), clientName);
        PythonCall.Validation methodValidation = onMethod == null ? PythonCall.Validation.DEFAULT : onMethod.validation();
        this.validation = methodValidation != PythonCall.Validation.DEFAULT ? methodValidation
                : onType == null ? PythonCall.Validation.DEFAULT : onType.validation();
        this.declaredInterpreter = declared(onMethod, declared(onType, null));
        List<Integer> positions = new ArrayList<>();
        Map<String, Integer> keywordPositions = new LinkedHashMap<>();
        Set<String> named = new HashSet<>();
        Parameter[] parameters = method.getParameters();
        for (int i = 0; i < parameters.length; i++) {
            Keyword keyword = parameters[i].getAnnotation(Keyword.class);
            if (keyword == null) {
                if (!keywordPositions.isEmpty()) {
                    throw invalid("positional parameter '" + parameters[i].getName() + "' follows a @Keyword parameter");
                }
                positions.add(i);
                continue;
            }
            String name = pythonName(keyword, parameters[i].getAnnotation(PythonName.class));
            if (!name.isEmpty()) {
                named.add(name);
            }
            else {
                if (!parameters[i].isNamePresent()) {
                    throw invalid("@Keyword on parameter " + i + " needs a name: compile with -parameters or use @Keyword(\"name\")");
                }
                name = parameters[i].getName();
            }
            if (keywordPositions.put(name, i) != null) {
                throw invalid("keyword '" + name + "' is used twice");
            }
        }
        this.positional = positions.stream().mapToInt(Integer::intValue).toArray();
        // Declaration order: Python keeps the order of keyword arguments (PEP 468), so **kwargs sees them as declared.
        this.keywords = Collections.unmodifiableMap(keywordPositions);
        this.namedKeywords = Set.copyOf(named);
        Class<?> returns = method.getReturnType();
        this.mono = returns.getName().equals("reactor.core.publisher.Mono");
        this.streaming = StreamingResults.isStreaming(returns);
        this.async = returns == CompletableFuture.class || returns == CompletionStage.class;
        if (async || mono) {
            Type generic = method.getGenericReturnType();
            this.resultType = generic instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class;
        }
        else {
            this.resultType = method.getGenericReturnType();
        }
        List<PythonExceptionMapping> mappings = new ArrayList<>(List.of(method.getAnnotationsByType(PythonExceptionMapping.class)));
        mappings.addAll(List.of(client.getAnnotationsByType(PythonExceptionMapping.class)));
        for (PythonExceptionMapping mapping : mappings) {
            constructorFor(mapping.java()); // fail at creation, not at the first error
        }
        this.exceptionMappings = List.copyOf(mappings);
    }

    /** The name {@code @Keyword("name")} or {@code @PythonName} gives, or "" for the parameter's own. */
    private String pythonName(Keyword keyword, @Nullable PythonName name) {
        if (name == null) {
            return keyword.value();
        }
        if (!keyword.value().isEmpty() && !keyword.value().equals(name.value())) {
            throw invalid("@Keyword(\"" + keyword.value() + "\") and @PythonName(\"" + name.value() + "\") name one parameter");
        }
        return name.value();
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return "";
    }

    private IllegalStateException invalid(String problem) {
        return new IllegalStateException("Python client " + client.getName() + "." + method.getName() + ": " + problem);
    }

    /** The interface method. */
    public Method method() {
        return method;
    }

    /** The client interface. */
    public Class<?> client() {
        return client;
    }

    public String module() {
        return module;
    }

    public String function() {
        return function;
    }

    /** {@code Interface.method → module.function}, for messages. */
    public String describe() {
        return client.getSimpleName() + "." + method.getName() + " -> " + module + "." + function;
    }

    /** The resilience4j instance name for this method. */
    public String resilienceName() {
        return resilienceName;
    }

    public PythonCall.Validation validation() {
        return validation;
    }

    /** The interpreter the method's or else the interface's {@code @PythonCall} names, or null. */
    public @Nullable PythonInterpreter declaredInterpreter() {
        return declaredInterpreter;
    }

    private @Nullable PythonInterpreter declared(@Nullable PythonCall annotation, @Nullable PythonInterpreter otherwise) {
        if (annotation == null || annotation.interpreter().length == 0) {
            return otherwise;
        }
        if (annotation.interpreter().length > 1) {
            throw invalid("@PythonCall(interpreter = ...) names more than one interpreter");
        }
        return annotation.interpreter()[0];
    }

    /** The Java type the Python result converts to ({@code void} discards it). */
    public Type resultType() {
        return resultType;
    }

    /** Whether the method returns a {@code CompletableFuture}/{@code CompletionStage}. */
    public boolean isAsync() {
        return async;
    }

    /** Whether the method returns Reactor's {@code Mono} (lazy: the call happens on subscription). */
    public boolean isMono() {
        return mono;
    }

    /** Whether the method returns a {@code Stream}, an {@code Iterator} or a {@code Flux} of items. */
    public boolean isStreaming() {
        return streaming;
    }

    /**
     * What every abstract method of a client interface means, as {@link PythonClientFactory}
     * works it out when it creates the client (default and static methods are Java's own). For
     * tools that check clients without a Python runtime, such as the build's check.
     *
     * @param clientName the client's name, the default resilience name
     * @throws IllegalArgumentException if {@code client} is not an interface
     * @throws IllegalStateException if a method is not a valid client method (no module, a
     *     positional parameter after a keyword one...)
     */
    public static List<ClientMethod> of(Class<?> client, String clientName) {
        if (!client.isInterface()) {
            throw new IllegalArgumentException(client.getName() + " is not an interface");
        }
        List<ClientMethod> methods = new ArrayList<>();
        for (Method method : client.getMethods()) {
            if (!method.isDefault() && !java.lang.reflect.Modifier.isStatic(method.getModifiers())) {
                methods.add(new ClientMethod(client, method, clientName));
            }
        }
        return List.copyOf(methods);
    }

    /** The generic types of the parameters passed by position, in order. */
    public List<Type> positionalParameterTypes() {
        Type[] types = method.getGenericParameterTypes();
        List<Type> result = new ArrayList<>(positional.length);
        for (int index : positional) {
            result.add(types[index]);
        }
        return List.copyOf(result);
    }

    /** Keyword name to the generic type of its parameter, in declaration order. */
    public Map<String, Type> keywordParameterTypes() {
        Type[] types = method.getGenericParameterTypes();
        Map<String, Type> result = new LinkedHashMap<>();
        keywords.forEach((name, index) -> result.put(name, types[index]));
        return Collections.unmodifiableMap(result);
    }

    /** How many positional arguments the function receives. */
    public int positionalCount() {
        return positional.length;
    }

    /**
     * The keyword names as declared: given by {@code @Keyword("name")} or {@link PythonName}, else
     * the parameters' Java names. See {@link #keywordNames(NameMapping)} for what Python receives.
     */
    public Set<String> keywordNames() {
        return keywords.keySet();
    }

    /**
     * The keyword names the function receives under {@code mapping}, in declaration order: the
     * names given explicitly as they are, the parameters' own names as {@code mapping} spells them.
     */
    public List<String> keywordNames(NameMapping mapping) {
        List<String> names = new ArrayList<>(keywords.size());
        for (String name : keywords.keySet()) {
            String python = namedKeywords.contains(name) ? name : mapping.pythonName(name);
            if (names.contains(python)) {
                throw invalid("two keywords are '" + python + "' in Python: name one with @PythonName");
            }
            names.add(python);
        }
        return List.copyOf(names);
    }

    List<Object> positionalArguments(Object[] args) {
        List<Object> values = new ArrayList<>(positional.length);
        for (int index : positional) {
            values.add(args[index]);
        }
        return values;
    }

    /** @param names the keywords as Python receives them, in declaration order ({@link #keywordNames(NameMapping)}) */
    Map<String, Object> keywordArguments(Object[] args, List<String> names) {
        if (keywords.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> values = new LinkedHashMap<>();
        int i = 0;
        for (int index : keywords.values()) {
            values.put(names.get(i++), args[index]);
        }
        return values;
    }

    /** The mapped Java exception for {@code ex}, or {@code ex} itself when no mapping matches. */
    RuntimeException map(PythonException ex) {
        for (PythonExceptionMapping mapping : exceptionMappings) {
            if (ex.isInstanceOf(mapping.python())) {
                return instantiate(mapping.java(), ex);
            }
        }
        return ex;
    }

    private static RuntimeException instantiate(Class<? extends RuntimeException> type, PythonException cause) {
        Constructor<? extends RuntimeException> constructor = constructorFor(type);
        try {
            if (constructor.getParameterCount() == 2) {
                return constructor.newInstance(cause.getPythonType() + ": " + cause.getPythonMessage(), cause);
            }
            RuntimeException mapped = constructor.newInstance(cause.getPythonType() + ": " + cause.getPythonMessage());
            mapped.initCause(cause);
            return mapped;
        }
        catch (ReflectiveOperationException | IllegalStateException ex) {
            cause.addSuppressed(ex);
            return cause;
        }
    }

    private static Constructor<? extends RuntimeException> constructorFor(Class<? extends RuntimeException> type) {
        try {
            return type.getConstructor(String.class, Throwable.class);
        }
        catch (NoSuchMethodException noCauseConstructor) {
            try {
                return type.getConstructor(String.class);
            }
            catch (NoSuchMethodException ex) {
                throw new IllegalStateException(type.getName() + " needs a public (String, Throwable) or (String) "
                        + "constructor to be used in @PythonExceptionMapping", ex);
            }
        }
    }
}
