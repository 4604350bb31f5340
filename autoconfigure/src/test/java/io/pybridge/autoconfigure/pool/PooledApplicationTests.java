package io.pybridge.autoconfigure.pool;

import io.pybridge.autoconfigure.ChildJvmScenarios;
import io.pybridge.core.matrix.TestPythons;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Runs {@link PooledApplicationScenario} in a child JVM on the first CPython 3.12+ this machine
 * has ({@link TestPythons}): this module's own JVM shares one interpreter, booted without a pool,
 * and CPython boots once per process. Not applicable where no 3.12+ is found.
 */
@EnabledIf("hasSubInterpreters")
class PooledApplicationTests {

    static boolean hasSubInterpreters() throws IOException {
        return TestPythons.withSubInterpreters().isPresent();
    }

    @Test
    void aSpringApplicationWithAPoolRunsItsPooledClientsThereAndReportsEachInterpreter() throws Exception {
        ChildJvmScenarios.assertPasses(PooledApplicationScenario.class, TestPythons.withSubInterpreters().orElseThrow(),
                "pooled-application");
    }
}
