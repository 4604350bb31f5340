package io.pybridge.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmokeTest {

    @Test
    void callsPython() {
        PythonTemplate python = SharedRuntime.template();
        assertThat(python.eval("1 + 2")).isEqualTo(3L);
        python.exec("def add(a, b):\n    return a + b\n");
        assertThat(python.call("__main__", "add", 2, 3)).isEqualTo(5L);
        assertThat(python.eval("__import__('sys').executable", String.class)).isNotBlank();
        System.out.println(python.eval("__import__('sys').version"));
        System.out.println(python.eval("__import__('sys').executable"));
        System.out.println(python.eval("__import__('sys').path"));
    }
}
