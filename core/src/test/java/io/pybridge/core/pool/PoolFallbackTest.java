package io.pybridge.core.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.CPythonTest;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.SharedRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * On a Python without own-GIL sub-interpreters (before 3.12) the shared runtime asks for a pool
 * with the fallback allowed: pooled calls then run in the main interpreter, and say so.
 */
@CPythonTest
@EnabledIf("noPool")
class PoolFallbackTest {

    /** Where the Python has sub-interpreters the pool is real, and {@link InterpreterPoolTest} runs instead. */
    static boolean noPool() {
        return SharedRuntime.get().poolMembers().isEmpty();
    }

    @Test
    void pooledCallsRunInTheMainInterpreterWhenThePoolFellBack() {
        PythonTemplate main = SharedRuntime.template();
        PythonTemplate pool = main.inPool();
        long mainId = main.callForObject("pybridge_pooled", "interpreter_id", Long.class);
        assertThat(pool.callForObject("pybridge_pooled", "interpreter_id", Long.class)).isEqualTo(mainId);
        assertThat(SharedRuntime.get().gateSnapshots(java.time.Duration.ofMinutes(1)).keySet()).containsExactly("main");
    }
}
