package io.pybridge.maven;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PythonHintTest {

    @Test
    void readsTheScriptsNormalizedHints() {
        PythonHint hint = PythonHint.parse("dict[str,list[union[float|None]]]");
        assertThat(hint.name()).isEqualTo("dict");
        assertThat(hint.arguments().get(0).name()).isEqualTo("str");
        PythonHint values = hint.arguments().get(1);
        assertThat(values.name()).isEqualTo("list");
        assertThat(values.arguments().get(0).name()).isEqualTo("union");
        assertThat(values.arguments().get(0).arguments()).extracting(PythonHint::name).containsExactly("float", "None");
        assertThat(hint.python()).isEqualTo("dict[str, list[float | None]]");
    }

    @Test
    void aDataclassKeepsItsName() {
        PythonHint hint = PythonHint.parse("union[dataclass[Point]|None]");
        assertThat(hint.arguments().get(0).name()).isEqualTo("dataclass");
        assertThat(hint.python()).isEqualTo("Point (a dataclass) | None");
    }

    @Test
    void aBareListOrDictHasUnknownElements() {
        assertThat(PythonHint.parse("list").arguments()).containsExactly(PythonHint.UNKNOWN);
        assertThat(PythonHint.parse("dict").arguments()).containsExactly(PythonHint.UNKNOWN, PythonHint.UNKNOWN);
        assertThat(TypeCheck.argumentFits(java.util.List.class, PythonHint.parse("list"))).isTrue();
    }

    @Test
    void whatItCannotReadIsNeverJudged() {
        assertThat(PythonHint.parse("list[int").isUnknown()).isTrue();
        assertThat(PythonHint.parse("").isUnknown()).isTrue();
        assertThat(PythonHint.parse("list[int]]").isUnknown()).isTrue();
        assertThat(PythonHint.parse("?").isUnknown()).isTrue();
    }
}
