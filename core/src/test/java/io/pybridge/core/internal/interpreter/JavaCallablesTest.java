package io.pybridge.core.internal.interpreter;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.CPythonTest;
import io.pybridge.core.PythonRuntime;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.SharedRuntime;
import io.pybridge.core.exception.PythonException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Java functions passed to Python arrive as callables: conversion, errors, re-entrancy, threads. */
@CPythonTest
class JavaCallablesTest {

    private static final String MOD = "pybridge_testmod";

    private final PythonTemplate python = SharedRuntime.template();

    @FunctionalInterface
    interface Scorer {
        double score(String word, int weight);
    }

    @Test
    void functionalInterfacesBecomeCallables() {
        Function<Object, Object> twice = x -> ((Long) x) * 2;
        assertThat(python.call(MOD, "apply", twice, 21)).isEqualTo(42L);
        BiFunction<Object, Object, Object> join = (a, b) -> a + "-" + b;
        assertThat(python.call(MOD, "apply", join, "a", List.of(1))).isEqualTo("a-[1]");
        Supplier<List<String>> supplier = () -> List.of("x", "y");
        assertThat(python.call(MOD, "apply", supplier)).isEqualTo(List.of("x", "y"));
        AtomicReference<Object> consumed = new AtomicReference<>();
        Consumer<Object> consumer = consumed::set;
        assertThat(python.call(MOD, "apply", consumer, 7)).isNull();
        assertThat(consumed.get()).isEqualTo(7L);
        Runnable runnable = () -> consumed.set("ran");
        python.call(MOD, "apply", runnable);
        assertThat(consumed.get()).isEqualTo("ran");
        Scorer scorer = (word, weight) -> word.length() * weight; // typed parameters: int coerced from Python int
        assertThat(python.call(MOD, "apply", scorer, "four", 3)).isEqualTo(12.0);
        assertThat(python.call(MOD, "type_name", twice)).isEqualTo("builtin_function_or_method");
    }

    @Test
    void javaExceptionsArePythonExceptionsPythonCanCatch() {
        Runnable failing = () -> {
            throw new IllegalStateException("no stock");
        };
        assertThat(python.call(MOD, "apply_and_catch", failing))
                .isEqualTo("JavaException: java.lang.IllegalStateException: no stock");
        PythonException uncaught = org.assertj.core.api.Assertions.catchThrowableOfType(PythonException.class,
                () -> python.call(MOD, "apply", failing));
        assertThat(uncaught.getPythonType()).isEqualTo("_pybridge.JavaException");
        assertThat(uncaught.getPythonMessage()).contains("IllegalStateException: no stock");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void pythonJavaPythonFiftyLevelsDeep() {
        Function<Object, Object>[] self = new Function[1];
        self[0] = depth -> python.call(MOD, "bounce", self[0], depth);
        assertThat(python.call(MOD, "bounce", self[0], 50)).isEqualTo(50L);
        assertThat(SharedRuntime.get().isInsideCall()).isFalse();
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void pythonMayKeepACallableAndCallItLaterFromItsOwnThread() throws Exception {
        CountDownLatch called = new CountDownLatch(1);
        AtomicReference<String> thread = new AtomicReference<>();
        Function<Object, Object> callback = value -> {
            thread.set(Thread.currentThread().getName());
            // Java called from a Python thread may call Python again.
            Object doubled = python.call(MOD, "add", value, value);
            called.countDown();
            return doubled;
        };
        python.call(MOD, "store_callback", callback);
        python.call(MOD, "call_stored_later", 21, 0.1);
        assertThat(called.await(10, TimeUnit.SECONDS)).isTrue();
        while (!python.eval("'result' in __import__('pybridge_testmod')._stored", Boolean.class)) {
            Thread.sleep(10);
        }
        assertThat(python.eval("__import__('pybridge_testmod')._stored['result']")).isEqualTo(42L);
        assertThat(thread.get()).isNotEmpty();
    }

    @Test
    void functionsAreReleasedWhenPythonDropsThem() {
        PythonRuntime runtime = SharedRuntime.get();
        python.call(MOD, "drop_stored");
        int before = runtime.liveJavaFunctionCount();
        for (int i = 0; i < 1_000; i++) {
            Function<Object, Object> f = x -> x;
            python.call(MOD, "apply", f, i);
        }
        python.call(MOD, "store_callback", (Function<Object, Object>) x -> x);
        assertThat(runtime.liveJavaFunctionCount() - before).isEqualTo(1);
        python.call(MOD, "drop_stored");
        assertThat(runtime.liveJavaFunctionCount()).isEqualTo(before);
    }
}
