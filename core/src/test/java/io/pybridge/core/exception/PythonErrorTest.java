package io.pybridge.core.exception;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A Python exception as data, and the Java exception each kind becomes: no interpreter needed. */
class PythonErrorTest {

    private static PythonError error(String type, String... mro) {
        return new PythonError(type, "message", List.of(mro), List.of(new PythonFrame("app.py", 7, "run")), null, null);
    }

    @Test
    void eachKindBecomesItsJavaException() {
        assertThat(error("_pybridge.Interrupted", "_pybridge.Interrupted", "BaseException").toException())
                .isInstanceOf(PythonInterruptedException.class);
        assertThat(new PythonError("SystemExit", "3", List.of("SystemExit", "BaseException"), List.of(), 3, null)
                .toException()).isInstanceOfSatisfying(PythonSystemExitException.class,
                        exit -> assertThat(exit.getPythonType()).isEqualTo("SystemExit"));
        assertThat(error("RecursionError", "RecursionError", "RuntimeError", "Exception", "BaseException").toException())
                .isInstanceOf(PythonRecursionException.class);
        assertThat(error("IndentationError", "IndentationError", "SyntaxError", "Exception", "BaseException")
                .toException()).isInstanceOf(PythonSyntaxException.class);
        assertThat(error("ModuleNotFoundError", "ModuleNotFoundError", "ImportError", "Exception", "BaseException")
                .toException()).isInstanceOf(PythonImportException.class);
        assertThat(error("ValueError", "ValueError", "Exception", "BaseException").toException())
                .isExactlyInstanceOf(PythonException.class);
    }

    @Test
    void theMessageCarriesTheTracebackInPythonsLayout() {
        PythonException exception = error("ValueError", "ValueError", "Exception", "BaseException").toException();
        assertThat(exception.getMessage()).isEqualTo("ValueError: message" + System.lineSeparator()
                + "Traceback (most recent call last):" + System.lineSeparator()
                + "  File \"app.py\", line 7, in run" + System.lineSeparator() + "ValueError: message");
        assertThat(exception.getPythonFrames()).containsExactly(new PythonFrame("app.py", 7, "run"));
        assertThat(exception.isInstanceOf("Exception")).isTrue();
        assertThat(exception.isInstanceOf("KeyError")).isFalse();
    }

    @Test
    void theCauseIsTheJavaExceptionItStandsForElseThePythonCause() {
        IllegalStateException java = new IllegalStateException("from a callback");
        PythonError standsForJava = new PythonError("_pybridge.JavaException", "x", List.of("_pybridge.JavaException",
                "Exception", "BaseException"), List.of(), null, null, java);
        assertThat(standsForJava.toException().getCause()).isSameAs(java);
        PythonError chained = new PythonError("RuntimeError", "outer", List.of("RuntimeError", "Exception",
                "BaseException"), List.of(), null, PythonError.reported("TypeError", "inner"));
        assertThat(chained.toException().getCause()).isInstanceOfSatisfying(PythonException.class,
                cause -> assertThat(cause.getPythonType()).isEqualTo("TypeError"));
    }

    @Test
    void reportedErrorsHaveTheBuiltinMro() {
        assertThat(PythonError.reported("TypeError", "t").mroTypes()).containsExactly("TypeError", "Exception",
                "BaseException");
        assertThat(PythonError.reported("BaseException", "b").mroTypes()).containsExactly("BaseException");
        assertThat(PythonError.reported("TypeError", "").summary()).isEqualTo("TypeError");
    }
}
