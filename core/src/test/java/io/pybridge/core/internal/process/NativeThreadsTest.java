package io.pybridge.core.internal.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class NativeThreadsTest {

    @Test
    void eachWorkerGetsItsShareOfTheCoresAtLeastOne() {
        assertThat(NativeThreads.forWorker(Map.of(), 8, 2)).hasSize(NativeThreads.VARIABLES.size())
                .containsEntry("OMP_NUM_THREADS", "4").containsEntry("OPENBLAS_NUM_THREADS", "4")
                .containsEntry("MKL_NUM_THREADS", "4");
        assertThat(NativeThreads.forWorker(Map.of(), 2, 2)).containsEntry("OPENBLAS_NUM_THREADS", "1");
        assertThat(NativeThreads.forWorker(Map.of(), 2, 8)).containsEntry("OPENBLAS_NUM_THREADS", "1");
        assertThat(NativeThreads.forWorker(Map.of(), 7, 2)).containsEntry("OPENBLAS_NUM_THREADS", "3");
    }

    @Test
    void whatTheEnvironmentSetsIsLeftAsItIs() {
        Map<String, String> added = NativeThreads.forWorker(Map.of("OMP_NUM_THREADS", "6"), 8, 2);
        assertThat(added).doesNotContainKey("OMP_NUM_THREADS").containsEntry("OPENBLAS_NUM_THREADS", "4");
    }
}
