package io.pybridge.core;

import io.pybridge.core.exception.PythonConversionException;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The operations on Python that both {@link PythonOperations} (any thread, takes the lock per
 * call) and {@link PythonSession} (inside one {@link PythonOperations#execute} block) offer.
 *
 * <p>Arguments and variables always cross as data, converted to Python objects; they are never
 * spliced into source text. Results convert to the requested Java type or fail with a
 * {@link PythonConversionException}; untyped results use the natural mapping
 * (None→null, bool→Boolean, int→Long or BigInteger, float→Double, str→String,
 * bytes→byte[], list/tuple→List, dict→Map, set→Set).
 */
public interface PythonCommands {

    /** Runs statements in the namespace of {@code __main__}; names they define stay there. */
    void exec(String code);

    /**
     * Runs statements with {@code variables} bound as globals of a private copy of the
     * {@code __main__} namespace: names the code defines are not kept.
     */
    void exec(String code, Map<String, ?> variables);

    /** Evaluates an expression in {@code __main__} with the natural mapping. */
    @Nullable Object eval(String expression);

    /** Evaluates an expression in {@code __main__} and converts the result to {@code type}. */
    <T> @Nullable T eval(String expression, Class<T> type);

    /** Evaluates an expression with {@code variables} visible to it, with the natural mapping. */
    @Nullable Object eval(String expression, Map<String, ?> variables);

    /** Evaluates an expression with {@code variables} visible to it, converting to {@code type}. */
    <T> @Nullable T eval(String expression, Map<String, ?> variables, Class<T> type);

    /** Evaluates an expression with {@code variables} visible to it, converting to a generic type. */
    <T> @Nullable T eval(String expression, Map<String, ?> variables, TypeRef<T> type);

    /** {@code import module}, as a handle (close it, or let it be collected, when done). */
    PythonObject importModule(String module);

    /** Calls {@code module.function(*args)} with the natural result mapping. */
    @Nullable Object call(String module, String function, @Nullable Object... args);

    /** Calls {@code module.function(*args)} and converts the result to {@code resultType}. */
    <T> @Nullable T callForObject(String module, String function, Class<T> resultType, @Nullable Object... args);

    /** Calls {@code module.function(*args)} and converts the result to a generic type. */
    <T> @Nullable T callForObject(String module, String function, TypeRef<T> resultType, @Nullable Object... args);

    /**
     * Calls {@code module.function(*args, **keywords)} and converts the result to
     * {@code resultType} (a {@code Class}, a {@code ParameterizedType}, or {@code Object.class}
     * for the natural mapping; {@code void.class} discards it).
     */
    @Nullable Object call(String module, String function, @Nullable List<?> args, @Nullable Map<String, ?> keywords,
            Type resultType);
}
