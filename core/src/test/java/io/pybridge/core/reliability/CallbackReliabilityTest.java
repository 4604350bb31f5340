package io.pybridge.core.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.pybridge.core.CPythonTest;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.SharedRuntime;
import io.pybridge.core.exception.PythonException;
import io.pybridge.core.exception.PythonRecursionException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Java exceptions through nested callbacks keep their identity and a bounded size; deep
 * Python → Java → Python nesting ends in a RecursionError; Java Errors thrown in a callback never
 * reach native code. Each case ends with a health check from another thread.
 */
@CPythonTest
class CallbackReliabilityTest {

    private static final String MOD = "pybridge_testmod";

    private final PythonTemplate python = SharedRuntime.template();

    /** Java → Python → Java … {@code levels} deep, throwing {@code bottom} at the end. */
    private Function<Object, Object> nestedThrowing(RuntimeException bottom) {
        return new Function<>() {
            @Override
            public Object apply(Object depth) {
                long remaining = (Long) depth;
                if (remaining == 0) {
                    throw bottom;
                }
                return python.call(MOD, "apply", this, remaining - 1);
            }
        };
    }

    @Test
    void aJavaExceptionThroughTwelveLevelsIsTheCauseAndStaysSmall() {
        for (int levels : new int[] { 1, 8, 12 }) {
            IllegalStateException bottom = new IllegalStateException("boom");
            PythonException outer = catchThrowableOfType(PythonException.class,
                    () -> python.call(MOD, "apply", nestedThrowing(bottom), (long) levels - 1));
            List<Throwable> chain = causes(outer);
            assertThat(chain).as("cause chain at %d levels", levels).anyMatch(cause -> cause == bottom);
            assertThat(outer.getPythonType()).isEqualTo("_pybridge.JavaException");
            assertThat(outer.getPythonMessage()).isEqualTo("java.lang.IllegalStateException: boom");
            int chainCharacters = chain.stream().mapToInt(cause -> String.valueOf(cause.getMessage()).length()).sum();
            System.out.printf("CallbackReliabilityTest: %d level(s): getMessage() %d chars, whole cause chain %d chars%n",
                    levels, outer.getMessage().length(), chainCharacters);
            assertThat(chainCharacters).as("all messages at %d levels", levels).isLessThan(20_000);
        }
        assertHealthy();
    }

    @Test
    void pythonSeesTheJavaTypeAndMessageOnceAtEveryLevel() {
        IllegalArgumentException bottom = new IllegalArgumentException("bad quantity");
        Function<Object, Object> throwing = nestedThrowing(bottom);
        // Python at the outermost level, after the exception crossed Python and Java 5 times.
        Object seen = python.call(MOD, "java_exception_seen", throwing, 5L);
        assertThat(seen).isEqualTo(List.of("JavaException", "java.lang.IllegalArgumentException: bad quantity",
                "java.lang.IllegalArgumentException", "bad quantity"));
        assertHealthy();
    }

    @Test
    void twoThousandLevelsOfNestingEndInARecursionErrorPythonCanCatch() {
        Function<Object, Object> bounce = new Function<>() {
            @Override
            public Object apply(Object depth) {
                return python.call(MOD, "bounce", this, depth);
            }
        };
        // Uncaught: a typed exception in Java, long before any StackOverflowError.
        PythonRecursionException tooDeep = catchThrowableOfType(PythonRecursionException.class,
                () -> python.call(MOD, "bounce", bounce, 2_000L));
        // pybridge's own limit of callback nesting, CPython's count (3.11-3.13), or, on 3.14+ where
        // a caller with Java's default 1 MiB runs Python itself, CPython's stack check or the
        // callback entry's (3.14.2+).
        assertThat(tooDeep.getPythonMessage()).satisfiesAnyOf(
                message -> assertThat(message).contains("Java callbacks nested more than"),
                message -> assertThat(message).contains("maximum recursion depth"),
                message -> assertThat(message).contains("Stack overflow"),
                message -> assertThat(message).contains("not enough C stack left to call Java"));
        assertThat(causes(tooDeep)).noneMatch(StackOverflowError.class::isInstance);
        // Caught in Python at the top.
        Object caught = python.call(MOD, "bounce_and_catch_recursion", bounce, 2_000L);
        assertThat((String) caught).startsWith("caught RecursionError");
        // Shallow nesting still works afterwards.
        assertThat(python.call(MOD, "bounce", bounce, 20L)).isEqualTo(20L);
        assertHealthy();
    }

    @Test
    void errorsThrownByJavaCodeInACallbackNeverReachNativeCode() {
        List<Supplier<Error>> errors = List.of(
                () -> {
                    try {
                        return new AssertionError("returned " + recurse(0));
                    }
                    catch (StackOverflowError real) {
                        return real;
                    }
                },
                () -> {
                    try {
                        long[] huge = new long[Integer.MAX_VALUE]; // a real OutOfMemoryError, heap untouched
                        return new AssertionError("allocated " + huge.length);
                    }
                    catch (OutOfMemoryError real) {
                        return real;
                    }
                },
                () -> new NoClassDefFoundError("com/example/Missing"));
        for (Supplier<Error> make : errors) {
            Error error = make.get();
            Runnable throwing = () -> {
                throw error;
            };
            PythonException outer = catchThrowableOfType(PythonException.class, () -> python.call(MOD, "apply", throwing));
            assertThat(outer).as(error.getClass().getName()).hasCauseReference(error);
            assertThat(outer.getPythonMessage()).startsWith(error.getClass().getName());
            assertHealthy();
        }
        // And an Error thrown while Java recurses inside the callback itself.
        Runnable overflowing = () -> recurse(0);
        PythonException overflow = catchThrowableOfType(PythonException.class, () -> python.call(MOD, "apply", overflowing));
        assertThat(overflow.getCause()).isInstanceOf(StackOverflowError.class);
        assertHealthy();
    }

    @Test
    void javaExceptionsAreForgottenWhenPythonFreesThem() {
        Runnable failing = () -> {
            throw new IllegalStateException("caught in Python");
        };
        for (int i = 0; i < 1_000; i++) {
            python.call(MOD, "apply_and_catch", failing);
        }
        python.exec("import gc; gc.collect()");
        // Every JavaException was freed by Python, so Java holds none of the Throwables.
        assertThat(SharedRuntime.get().liveJavaExceptionCount()).isZero();
        assertHealthy();
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aStoppedCallStaysStoppedThroughACallbackThatPythonGuardsWithExceptException() throws Exception {
        java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            java.util.concurrent.atomic.AtomicReference<Object> swallowed = new java.util.concurrent.atomic.AtomicReference<>();
            java.util.concurrent.CompletableFuture<Void> inside = new java.util.concurrent.CompletableFuture<>();
            Runnable spinning = () -> {
                inside.complete(null);
                python.exec("while True:\n    pass\n");
            };
            // apply_and_catch wraps the callback in `except Exception`: Interrupted must not be caught there.
            io.pybridge.core.PythonFuture<Object> call = python.submit(session -> {
                Object result = session.call(MOD, "apply_and_catch", spinning);
                swallowed.set(result);
                return result;
            }, executor);
            inside.get(1, TimeUnit.MINUTES);
            java.util.concurrent.CompletableFuture<Void> finished = new java.util.concurrent.CompletableFuture<>();
            call.whenFinished(() -> finished.complete(null));
            call.cancel(true);
            finished.get(1, TimeUnit.MINUTES);
            assertThat(swallowed.get()).as("the interrupt was swallowed as %s", swallowed.get()).isNull();
        }
        finally {
            executor.shutdownNow();
        }
        assertHealthy();
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }

    private static List<Throwable> causes(Throwable top) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable cause = top; cause != null && !chain.contains(cause); cause = cause.getCause()) {
            chain.add(cause);
        }
        return chain;
    }

    /** The interpreter answers from another thread. */
    static void assertHealthy() {
        PythonTemplate python = SharedRuntime.template();
        java.util.concurrent.FutureTask<Object> check = new java.util.concurrent.FutureTask<>(
                () -> python.eval("sum(range(100))"));
        new Thread(check, "health-check").start();
        try {
            assertThat(check.get(1, TimeUnit.MINUTES)).isEqualTo(4950L);
        }
        catch (Exception ex) {
            throw new AssertionError("the interpreter is not healthy", ex);
        }
        assertThat(SharedRuntime.get().probeGil(java.time.Duration.ofSeconds(30))).isPresent();
    }
}
