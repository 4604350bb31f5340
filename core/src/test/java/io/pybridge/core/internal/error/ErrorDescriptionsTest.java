package io.pybridge.core.internal.error;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.exception.PythonError;
import io.pybridge.core.exception.PythonFrame;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The text {@code _pybridge.describe} writes, read back: pure parsing, no interpreter. */
class ErrorDescriptionsTest {

    private static final String F = ErrorDescriptions.FIELD;

    private static final String R = ErrorDescriptions.RECORD;

    private static String record(String type, String mro, String message, String exitCode, String token, String... frames) {
        return String.join(F, type, mro, message, exitCode, token) + (frames.length == 0 ? "" : F + String.join(F, frames));
    }

    @Test
    void oneExceptionWithItsFramesOutermostFirst() {
        PythonError error = ErrorDescriptions.parse(record("ValueError", "ValueError,Exception,BaseException",
                "bad value", "", "", "app.py", "3", "<module>", "lib.py", "10", "check"), token -> null);
        assertThat(error.type()).isEqualTo("ValueError");
        assertThat(error.message()).isEqualTo("bad value");
        assertThat(error.is("Exception")).isTrue();
        assertThat(error.frames()).containsExactly(new PythonFrame("app.py", 3, "<module>"),
                new PythonFrame("lib.py", 10, "check"));
        assertThat(error.cause()).isNull();
        assertThat(error.exitCode()).isNull();
        assertThat(error.javaException()).isNull();
    }

    @Test
    void aChainBecomesCauses() {
        String chain = record("RuntimeError", "RuntimeError,Exception,BaseException", "outer", "", "") + R
                + record("KeyError", "KeyError,LookupError,Exception,BaseException", "'k'", "", "", "m.py", "1", "f");
        PythonError error = ErrorDescriptions.parse(chain, token -> null);
        assertThat(error.type()).isEqualTo("RuntimeError");
        assertThat(error.cause()).isNotNull();
        assertThat(error.cause().type()).isEqualTo("KeyError");
        assertThat(error.cause().is("LookupError")).isTrue();
        assertThat(error.cause().cause()).isNull();
    }

    @Test
    void messagesKeepEveryCharacterButTheSeparators() {
        PythonError error = ErrorDescriptions.parse(record("Exception", "Exception,BaseException",
                "line one\nline two, with commas: and colons", "", ""), token -> null);
        assertThat(error.message()).isEqualTo("line one\nline two, with commas: and colons");
        assertThat(ErrorDescriptions.parse(record("Exception", "", "", "", ""), token -> null).mroTypes()).isEmpty();
    }

    @Test
    void systemExitCodesThatAreNotIntsAreDropped() {
        assertThat(ErrorDescriptions.parse(record("SystemExit", "SystemExit,BaseException", "3", "3", ""), token -> null)
                .exitCode()).isEqualTo(3);
        assertThat(ErrorDescriptions.parse(record("SystemExit", "SystemExit,BaseException", "", "99999999999999", ""),
                token -> null).exitCode()).isNull();
    }

    @Test
    void aJavaTokenBringsBackTheVeryJavaException() {
        IllegalStateException thrown = new IllegalStateException("from Java");
        Map<Long, Throwable> registered = Map.of(7L, thrown);
        PythonError error = ErrorDescriptions.parse(record("_pybridge.JavaException",
                "_pybridge.JavaException,Exception,BaseException", "java.lang.IllegalStateException: from Java", "", "7"),
                registered::get);
        assertThat(error.javaException()).isSameAs(thrown);
        assertThat(ErrorDescriptions.parse(record("_pybridge.JavaException", "", "gone", "", "8"), registered::get)
                .javaException()).isNull();
    }
}
