package io.pybridge.core.internal.capi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CStringsTest {

    @Test
    void textBecomesNulTerminatedUtf8() {
        assertThat(CStrings.of("")).containsExactly(0);
        assertThat(CStrings.of("ab")).containsExactly('a', 'b', 0);
        assertThat(CStrings.of("é€")).containsExactly(0xc3, 0xa9, 0xe2, 0x82, 0xac, 0);
    }
}
