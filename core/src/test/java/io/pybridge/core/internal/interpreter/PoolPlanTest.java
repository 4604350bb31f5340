package io.pybridge.core.internal.interpreter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pybridge.core.exception.PythonInitializationException;
import io.pybridge.core.exception.PythonInitializationException.Reason;
import io.pybridge.core.runtime.PythonInstallation;
import io.pybridge.core.runtime.PythonRuntimeConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a configured pool becomes on each kind of Python: pure, no interpreter. */
class PoolPlanTest {

    private static PythonInstallation python(String version, boolean freeThreaded) {
        return new PythonInstallation(Path.of("/py/lib/libpython.so"), null, Path.of("/py"), null, version, List.of(),
                freeThreaded);
    }

    private static PythonRuntimeConfig pool(int size, boolean fallback) {
        return PythonRuntimeConfig.builder().poolSize(size).poolFallbackToMain(fallback).build();
    }

    @Test
    void noPoolAskedForSaysNothing() {
        assertThat(PoolPlan.decide(pool(0, false), python("3.11.7", false))).isEqualTo(new PoolPlan(0, false, null, false));
        assertThat(PoolPlan.decide(pool(0, false), python("3.12.1", false))).isEqualTo(new PoolPlan(0, false, null, false));
    }

    @Test
    void poolIsMadeFromThreeTwelve() {
        assertThat(PoolPlan.decide(pool(3, false), python("3.12.1", false)).members()).isEqualTo(3);
        assertThat(PoolPlan.decide(pool(2, false), python("3.13.0", false)))
                .isEqualTo(new PoolPlan(2, false, null, false));
        assertThat(PoolPlan.decide(pool(2, false), python("3.14.0rc1", false)).members()).isEqualTo(2);
    }

    @Test
    void poolBeforeThreeTwelveFailsTheStartWithWhatToDo() {
        assertThatThrownBy(() -> PoolPlan.decide(pool(2, false), python("3.11.7", false)))
                .isInstanceOf(PythonInitializationException.class)
                .hasMessageContaining("Python 3.11.7").hasMessageContaining("3.12")
                .satisfies(ex -> assertThat(((PythonInitializationException) ex).getReason())
                        .isEqualTo(Reason.UNSUPPORTED_VERSION))
                .satisfies(ex -> assertThat(((PythonInitializationException) ex).getAction())
                        .contains("pybridge.pool.fallback-to-main=true"));
    }

    @Test
    void fallbackBeforeThreeTwelveRunsPooledCallsInMainWithAWarning() {
        PoolPlan plan = PoolPlan.decide(pool(2, true), python("3.11.7", false));
        assertThat(plan.members()).isZero();
        assertThat(plan.inMain()).isTrue();
        assertThat(plan.warning()).isTrue();
        assertThat(plan.notice()).contains("3.11.7").contains("pooled calls run in the main interpreter");
    }

    @Test
    void freeThreadedBuildNeedsNoPoolAndSaysSo() {
        // No fallback asked for: none is needed, since the main interpreter itself runs in parallel.
        PoolPlan plan = PoolPlan.decide(pool(2, false), python("3.13.0", true));
        assertThat(plan.members()).isZero();
        assertThat(plan.inMain()).isTrue();
        assertThat(plan.warning()).isFalse();
        assertThat(plan.notice()).contains("free-threaded").contains("pool of 2 is not made")
                .contains(Runtime.getRuntime().availableProcessors() + " calls at once");
    }

    @Test
    void freeThreadedBuildWithoutAPoolStillSaysWhatItRunsAndThatItIsUntested() {
        PoolPlan plan = PoolPlan.decide(PythonRuntimeConfig.builder().permits(3).build(), python("3.14.0", true));
        assertThat(plan.inMain()).isFalse();
        assertThat(plan.notice()).contains("up to 3 calls at once").contains("has not run on a free-threaded build")
                .doesNotContain("pool of");
    }
}
