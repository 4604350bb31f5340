package io.pybridge.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WorkerProcessesConfigTest {

    @Test
    void offByDefault() {
        assertThat(WorkerProcessesConfig.NONE.enabled()).isFalse();
        assertThat(PythonRuntimeConfig.builder().build().processes()).isEqualTo(WorkerProcessesConfig.NONE);
        WorkerProcessesConfig two = WorkerProcessesConfig.builder().size(2).build();
        assertThat(two.enabled()).isTrue();
        assertThat(two.stopGracePeriod()).isEqualTo(Duration.ofSeconds(5));
        assertThat(two.memoryLimitBytes()).isZero();
    }

    @Test
    void refusesNegativeCountsAndNonPositiveDurations() {
        assertThatThrownBy(() -> WorkerProcessesConfig.builder().size(-1).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WorkerProcessesConfig.builder().memoryLimitBytes(-1).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WorkerProcessesConfig.builder().stopGracePeriod(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stopGracePeriod");
        assertThatThrownBy(() -> WorkerProcessesConfig.builder().acquireTimeout(Duration.ofSeconds(-1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("acquireTimeout");
        assertThatThrownBy(() -> WorkerProcessesConfig.builder().startTimeout(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("startTimeout");
    }
}
