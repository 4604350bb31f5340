package io.pybridge.core.exception;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Deferral of a pybridge exception's stack trace, per thread; pure Java. */
class DeferredStackTracesTest {

    private final DeferredStackTraces traces = DeferredStackTraces.ofCurrentThread();

    @AfterEach
    void deferralIsOffAgain() {
        traces.defer(false);
    }

    @Test
    void byDefaultAnExceptionTakesItsTraceWhenConstructed() {
        PythonException ex = new PythonException(PythonError.reported("ValueError", "now"));
        assertThat(DeferredStackTraces.isPending(ex)).isFalse();
        assertThat(ex.getStackTrace()).isNotEmpty();
        assertThat(ex.getStackTrace()[0].getMethodName()).isEqualTo("byDefaultAnExceptionTakesItsTraceWhenConstructed");
    }

    @Test
    void deferredTheTraceIsEmptyUntilFilledInWhereTheCallerIs() {
        assertThat(traces.defer(true)).isFalse();
        PythonException ex = new PythonException(PythonError.reported("ValueError", "later"));
        assertThat(traces.defer(false)).isTrue();
        assertThat(DeferredStackTraces.isPending(ex)).isTrue();
        assertThat(ex.getStackTrace()).isEmpty();

        takeHere(ex);
        assertThat(DeferredStackTraces.isPending(ex)).isFalse();
        assertThat(ex.getStackTrace()[0].getMethodName()).isEqualTo("takeHere");
        assertThat(ex.getStackTrace()[1].getMethodName()).isEqualTo("deferredTheTraceIsEmptyUntilFilledInWhereTheCallerIs");
    }

    @Test
    void fillingInWhileStillDeferringLeavesItPendingForTheOuterCaller() {
        traces.defer(true);
        PythonException ex = new PythonException(PythonError.reported("ValueError", "nested"));
        ex.fillInStackTrace();
        assertThat(DeferredStackTraces.isPending(ex)).isTrue();
        traces.defer(false);
        ex.fillInStackTrace();
        assertThat(DeferredStackTraces.isPending(ex)).isFalse();
        assertThat(ex.getStackTrace()).isNotEmpty();
    }

    @Test
    void deferralBelongsToOneThread() throws Exception {
        traces.defer(true);
        PythonException elsewhere = CompletableFuture.supplyAsync(
                () -> new PythonException(PythonError.reported("ValueError", "other thread"))).get(1, TimeUnit.MINUTES);
        assertThat(DeferredStackTraces.isPending(elsewhere)).isFalse();
        assertThat(elsewhere.getStackTrace()).isNotEmpty();
    }

    @Test
    void onlyPybridgeExceptionsDefer() {
        traces.defer(true);
        IllegalStateException plain = new IllegalStateException("not ours");
        assertThat(DeferredStackTraces.isPending(plain)).isFalse();
        assertThat(plain.getStackTrace()).isNotEmpty();
    }

    private static void takeHere(Throwable pending) {
        pending.fillInStackTrace();
    }
}
