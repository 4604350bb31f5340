package io.pybridge.core.internal.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pybridge.core.exception.PythonError;
import io.pybridge.core.exception.PythonFrame;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
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
                "bad value", "", "", "app.py", "3", "<module>", "main()", "lib.py", "10", "check", "raise ValueError('bad value')"),
                token -> null);
        assertThat(error.type()).isEqualTo("ValueError");
        assertThat(error.message()).isEqualTo("bad value");
        assertThat(error.is("Exception")).isTrue();
        assertThat(error.frames()).containsExactly(new PythonFrame("app.py", 3, "<module>", "main()"),
                new PythonFrame("lib.py", 10, "check", "raise ValueError('bad value')"));
        assertThat(error.cause()).isNull();
        assertThat(error.exitCode()).isNull();
        assertThat(error.javaException()).isNull();
    }

    @Test
    void aChainBecomesCauses() {
        String chain = record("RuntimeError", "RuntimeError,Exception,BaseException", "outer", "", "") + R
                + record("KeyError", "KeyError,LookupError,Exception,BaseException", "'k'", "", "", "m.py", "1", "f", "");
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

    @Test
    void readsWhatSplittingReads() {
        Map<Long, Throwable> registered = Map.of(7L, new IllegalStateException("registered"));
        List<String> descriptions = List.of(
                record("ValueError", "ValueError,Exception,BaseException", "boom", "", ""),
                record("ValueError", "ValueError,Exception,BaseException", "", "", "", "", "1", "", ""),
                record("m.E", "m.E,,Exception,", "x", "", "7", "a.py", "-2", "f", "", "b.py"),
                record("m.E", ",", "x", "+5", "", "a.py", "2", "f", "x = 1", "b.py", "3"),
                record("m.E", ",", "x", "", "", "a.py", "2", "f", "x = 1", "b.py", "3", "g"),
                record("SystemExit", "SystemExit,BaseException", "", "-1", "", "a.py", "1", "<module>", "exit(-1)") + F,
                record("A", "A", "1", "", "") + R + record("B", "B", "2", "", "", "b.py", "9", "g", "g()") + R
                        + record("C", "C", "3", "", "7"),
                record("A", "A", "", "", "") + R + record("A", "A", "", "", ""));
        for (String description : descriptions) {
            assertThat(ErrorDescriptions.parse(description, registered::get)).as(description)
                    .isEqualTo(splitting(description, registered::get));
            // Again, the type header now cached.
            assertThat(ErrorDescriptions.parse(description, registered::get)).as(description)
                    .isEqualTo(splitting(description, registered::get));
        }
    }

    @Test
    void aRecordWithoutItsHeaderFieldsIsRefused() {
        assertThatThrownBy(() -> ErrorDescriptions.parse("", token -> null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ErrorDescriptions.parse(String.join(F, "ValueError", "", "m", ""), token -> null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ErrorDescriptions.parse(record("A", "A", "", "", "") + R, token -> null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void repeatedTypesShareTheirMroList() {
        String description = record("KeyError", "KeyError,LookupError,Exception,BaseException", "'k'", "", "");
        assertThat(ErrorDescriptions.parse(description, token -> null).mroTypes())
                .isSameAs(ErrorDescriptions.parse(description, token -> null).mroTypes())
                .containsExactly("KeyError", "LookupError", "Exception", "BaseException");
    }

    /** The former, split()-based reading: the reference the single-pass one must match. */
    private static PythonError splitting(String chain, java.util.function.LongFunction<@Nullable Throwable> java) {
        String[] records = chain.split(R, -1);
        PythonError error = null;
        for (int r = records.length - 1; r >= 0; r--) {
            String[] fields = records[r].split(F, -1);
            List<PythonFrame> frames = new ArrayList<>();
            for (int i = 5; i + 3 < fields.length; i += 4) {
                frames.add(new PythonFrame(fields[i], Integer.parseInt(fields[i + 1]), fields[i + 2], fields[i + 3]));
            }
            List<String> mro = fields[1].isEmpty() ? List.of() : Arrays.asList(fields[1].split(","));
            Integer exitCode = fields[3].isEmpty() ? null : Integer.valueOf(fields[3]);
            Throwable thrown = fields[4].isEmpty() ? null : java.apply(Long.parseLong(fields[4]));
            error = new PythonError(fields[0], fields[2], mro, frames, exitCode, error, thrown);
        }
        return error;
    }
}
