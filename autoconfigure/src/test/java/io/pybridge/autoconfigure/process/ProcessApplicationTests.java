package io.pybridge.autoconfigure.process;

import io.pybridge.autoconfigure.ChildJvmScenarios;
import io.pybridge.core.matrix.TestPythons;
import org.junit.jupiter.api.Test;

/**
 * Runs {@link ProcessApplicationScenario} in a child JVM with the Python the module's own tests
 * use (the first {@link TestPythons} finds): this module's own JVM shares one interpreter, booted
 * without worker processes, and CPython boots once per process.
 */
class ProcessApplicationTests {

    @Test
    void aSpringApplicationWithWorkerProcessesRunsItsClientThereAndReportsEachWorker() throws Exception {
        ChildJvmScenarios.assertPasses(ProcessApplicationScenario.class, TestPythons.all().values().iterator().next(),
                "process-application");
    }
}
