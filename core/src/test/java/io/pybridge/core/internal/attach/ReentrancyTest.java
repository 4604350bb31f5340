package io.pybridge.core.internal.attach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pybridge.core.CPythonTest;
import io.pybridge.core.PythonSession;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.SharedRuntime;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A thread already inside a call may call again without waiting; sessions stay in their block. */
@CPythonTest
class ReentrancyTest {

    private final PythonTemplate python = SharedRuntime.template();

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void nestedCallsNeitherWaitNorDeadlock() {
        long before = SharedRuntime.get().gateSnapshot().calls();
        long result = python.execute(outer -> {
            long a = outer.eval("20", Long.class);
            // Same thread, already holding permit and GIL: the template re-enters directly.
            long b = python.execute(inner -> inner.eval("21", Long.class) + python.eval("1", Long.class));
            return a + b;
        });
        assertThat(result).isEqualTo(42L);
        assertThat(SharedRuntime.get().isInsideCall()).isFalse();
        // Only the outermost block counts as a call through the gate.
        assertThat(SharedRuntime.get().gateSnapshot().calls() - before).isGreaterThanOrEqualTo(1);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void deepNestingUnwindsCleanly() {
        assertThat(nest(50)).isEqualTo(50L);
        assertThat(SharedRuntime.get().isInsideCall()).isFalse();
        assertThat(python.eval("1 + 1")).isEqualTo(2L);
    }

    private long nest(int depth) {
        if (depth == 0) {
            return 0;
        }
        return python.execute(session -> session.eval("1", Long.class) + nest(depth - 1));
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void otherThreadsWaitWhileABlockHoldsThePermit() throws Exception {
        AtomicReference<Long> seen = new AtomicReference<>();
        python.execute(session -> {
            session.exec("_pybridge_block = 'held'");
            Thread other = new Thread(() -> seen.set(python.eval("len(_pybridge_block)", Long.class)));
            other.start();
            try {
                other.join(300);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            // Still blocked on the permit while this block runs.
            assertThat(other.isAlive()).isTrue();
            session.exec("_pybridge_block = 'released'");
            return other;
        }).join(10_000);
        assertThat(seen.get()).isEqualTo(8L);
    }

    @Test
    void aSessionIsValidOnlyInsideItsBlock() throws Exception {
        AtomicReference<PythonSession> leaked = new AtomicReference<>();
        python.execute(session -> {
            leaked.set(session);
            return null;
        });
        assertThatThrownBy(() -> leaked.get().eval("1")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ended");
        AtomicReference<Throwable> fromOtherThread = new AtomicReference<>();
        python.execute(session -> {
            Thread other = new Thread(() -> {
                try {
                    session.eval("1");
                }
                catch (Throwable ex) {
                    fromOtherThread.set(ex);
                }
            });
            other.start();
            try {
                other.join();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
        assertThat(fromOtherThread.get()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("only be used by the thread");
    }
}
