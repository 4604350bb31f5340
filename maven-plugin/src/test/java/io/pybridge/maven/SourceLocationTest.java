package io.pybridge.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SourceLocationTest {

    private static final String NL = System.lineSeparator();

    @Test
    void fileLineMessageThenTheSourceAndACaretUnderTheColumn() {
        SourceLocation where = new SourceLocation(Path.of("/p/app.py"), 3, 9, "    def oops(:");
        assertThat(where.format("SyntaxError: invalid syntax"))
                .isEqualTo("/p/app.py:3: SyntaxError: invalid syntax" + NL + "        def oops(:" + NL + "            ^");
    }

    @Test
    void inAsciiWithTheCaretStillUnderItsColumnAndTabsKept() {
        SourceLocation where = new SourceLocation(Path.of("/p/caf\u00e9.py"), 1, 6, "\tx = '\u00e9\u2192' +");
        String text = where.format("name \u2192 wrong");
        assertThat(text).isEqualTo("/p/caf?.py:1: name ? wrong" + NL + "    \tx = '??' +" + NL + "    \t    ^");
        assertThat(text.chars()).allMatch(c -> c < 0x7f);
    }

    @Test
    void noSourceLineNoCaret() {
        assertThat(new SourceLocation(Path.of("/p/app.py"), 0, 0, "").format("no function 'f'"))
                .isEqualTo("/p/app.py: no function 'f'");
        assertThat(new SourceLocation(Path.of("/p/app.py"), 4, 0, "x = 1").format("m"))
                .isEqualTo("/p/app.py:4: m" + NL + "    x = 1");
    }
}
