package io.pybridge.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.pybridge.core.exception.DeferredStackTraces;
import io.pybridge.core.exception.PythonError;
import io.pybridge.core.exception.PythonException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The Java stack trace of a Python exception: for the template's own operations, taken where the
 * call hands back to its caller (after the GIL is released, on the caller's thread even when a
 * worker ran Python); complete, wherever it was made, for anything application code can catch
 * inside a call.
 */
@CPythonTest
class ExceptionStackTraceTest {

    private static final String MOD = "pybridge_testmod";

    private static final String FUNNEL = "io.pybridge.core.internal.interpreter.CallFunnel";

    private final PythonTemplate python = SharedRuntime.template();

    @Test
    void aTemplateOperationsExceptionShowsItsCallerWithTheRuntimesEntryOnTop() {
        PythonException ex = catchThrowableOfType(PythonException.class, () -> python.call(MOD, "fail", "bad"));
        assertThat(DeferredStackTraces.isPending(ex)).isFalse();
        assertThat(ex.getStackTrace()[0].getClassName()).isEqualTo(FUNNEL);
        assertThat(classesOf(ex)).contains(PythonTemplate.class.getName(), getClass().getName())
                .noneMatch(name -> name.startsWith("io.pybridge.core.internal.error"));
    }

    @Test
    void everyCauseOfAChainHasItsTraceToo() {
        PythonException ex = catchThrowableOfType(PythonException.class, () -> python.call(MOD, "fail_nested"));
        assertThat(ex.getCause()).isInstanceOf(PythonException.class);
        for (Throwable each = ex; each != null; each = each.getCause()) {
            assertThat(DeferredStackTraces.isPending(each)).isFalse();
            assertThat(classesOf(each)).contains(getClass().getName());
        }
    }

    @Test
    void insideExecuteTheSessionsExceptionHasItsTraceWhereItWasMade() {
        PythonException inside = python.execute(session -> {
            try {
                session.call(MOD, "fail", "caught inside");
                return null;
            }
            catch (PythonException ex) {
                return ex;
            }
        });
        assertThat(inside).isNotNull();
        assertThat(DeferredStackTraces.isPending(inside)).isFalse();
        // Taken at construction: the runtime's frames below the application's callback.
        assertThat(classesOf(inside)).contains(getClass().getName())
                .anyMatch(name -> name.startsWith("io.pybridge.core.internal.error"));
    }

    @Test
    void aJavaFunctionCalledFromPythonSeesCompleteExceptionsOnly() {
        AtomicReference<PythonException> fromNestedCall = new AtomicReference<>();
        AtomicReference<PythonException> madeInJava = new AtomicReference<>();
        Supplier<String> callback = () -> {
            try {
                python.call(MOD, "fail", "nested");
            }
            catch (PythonException ex) {
                fromNestedCall.set(ex);
            }
            // Application code making a pybridge exception inside an operation that defers them.
            madeInJava.set(new PythonException(PythonError.reported("ValueError", "made in Java")));
            return "done";
        };
        assertThat(python.call(MOD, "apply", callback)).isEqualTo("done");
        for (PythonException seen : List.of(fromNestedCall.get(), madeInJava.get())) {
            assertThat(DeferredStackTraces.isPending(seen)).isFalse();
            assertThat(classesOf(seen)).contains(getClass().getName());
        }
    }

    /** A record whose constructor, run while a result converts, makes a call that fails. */
    record CallingRecord(long value) {

        static final AtomicReference<PythonException> CAUGHT = new AtomicReference<>();

        CallingRecord {
            try {
                SharedRuntime.template().call(MOD, "fail", "from a constructor");
            }
            catch (PythonException ex) {
                CAUGHT.set(ex);
            }
        }
    }

    @Test
    void applicationCodeRunDuringAConversionSeesCompleteExceptions() {
        CallingRecord.CAUGHT.set(null);
        CallingRecord converted = python.eval("__import__('types').SimpleNamespace(value=5)", CallingRecord.class);
        assertThat(converted.value()).isEqualTo(5);
        PythonException caught = CallingRecord.CAUGHT.get();
        assertThat(caught).isNotNull();
        assertThat(DeferredStackTraces.isPending(caught)).isFalse();
        // Whole, down from the constructor (on whichever thread ran the conversion: a worker, here).
        assertThat(classesOf(caught)).contains(CallingRecord.class.getName(), "io.pybridge.core.internal.convert.RecordMapping");
    }

    @Test
    void anInterceptorSeesTheExceptionWithItsTrace() {
        AtomicReference<Throwable> seen = new AtomicReference<>();
        PythonCallInterceptor interceptor = new PythonCallInterceptor() {
            @Override
            public <T> T intercept(PythonCallDescription call, Supplier<T> proceed) {
                try {
                    return proceed.get();
                }
                catch (RuntimeException ex) {
                    seen.set(ex);
                    throw ex;
                }
            }
        };
        PythonTemplate observed = new PythonTemplate(SharedRuntime.get(), interceptor);
        PythonException ex = catchThrowableOfType(PythonException.class, () -> observed.call(MOD, "fail", "observed"));
        assertThat(seen.get()).isSameAs(ex);
        assertThat(classesOf(ex)).contains(getClass().getName());
    }

    @Test
    void aCallHandedToAWorkerShowsTheCallingThreadsFrames() throws Exception {
        // A 1 MiB platform thread (Tomcat's default) is below the minimum stack: a worker runs Python.
        ExecutorService smallStack = Executors.newSingleThreadExecutor(task -> new Thread(null, task, "small-stack", 1L << 20));
        try {
            assertCallerFramesOn(smallStack);
        }
        finally {
            smallStack.shutdownNow();
        }
    }

    @Test
    void aVirtualThreadsCallShowsTheVirtualThreadsFrames() throws Exception {
        ExecutorService virtualThreads = VirtualThreadExecutors.perTask();
        try {
            assertCallerFramesOn(virtualThreads);
        }
        finally {
            virtualThreads.shutdownNow();
        }
    }

    private void assertCallerFramesOn(ExecutorService callers) throws Exception {
        PythonException ex = CompletableFuture.supplyAsync(() -> catchThrowableOfType(PythonException.class,
                () -> python.call(MOD, "fail", "handed over")), callers).get(2, TimeUnit.MINUTES);
        assertThat(ex.getStackTrace()[0].getClassName()).isEqualTo(FUNNEL);
        // The caller's own frames, and no separate record of them: the trace is the caller's.
        assertThat(classesOf(ex)).contains(getClass().getName())
                .noneMatch(name -> name.startsWith("io.pybridge.core.internal.attach"));
        assertThat(ex.getSuppressed()).isEmpty();
    }

    private static List<String> classesOf(Throwable thrown) {
        // Lambdas of this class show as this class in a trace.
        return Arrays.stream(thrown.getStackTrace()).map(StackTraceElement::getClassName).toList();
    }
}
