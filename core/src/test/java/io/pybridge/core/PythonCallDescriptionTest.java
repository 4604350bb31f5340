package io.pybridge.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PythonCallDescriptionTest {

    @Test
    void namesSayWhatIsCalled() {
        assertThat(new PythonCallDescription("call", "scoring", "score").name()).isEqualTo("scoring.score");
        assertThat(new PythonCallDescription("eval", "__main__", "").name()).isEqualTo("eval");
        assertThat(new PythonCallDescription("execute", "", "").name()).isEqualTo("execute");
        assertThat(new PythonCallDescription("object", "", "__len__").name()).isEqualTo("object.__len__");
    }
}
