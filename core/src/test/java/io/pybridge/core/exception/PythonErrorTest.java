package io.pybridge.core.exception;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
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
    void eachFrameWithAKnownSourceLineIsFollowedByItAsPythonPrintsIt() {
        PythonError error = new PythonError("KeyError", "'x'", List.of("KeyError", "LookupError", "Exception",
                "BaseException"), List.of(new PythonFrame("classpath:python/trips.py", 12, "plan", "return legs[name]"),
                        new PythonFrame("<string>", 1, "<module>")), null, null);
        String n = System.lineSeparator();
        assertThat(error.toException().getMessage()).isEqualTo("KeyError: 'x'" + n + "Traceback (most recent call last):"
                + n + "  File \"classpath:python/trips.py\", line 12, in plan" + n + "    return legs[name]" + n
                + "  File \"<string>\", line 1, in <module>" + n + "KeyError: 'x'");
    }

    @Test
    void aFrameWithoutItsSourceLineHasAnEmptyOne() {
        assertThat(new PythonFrame("app.py", 7, "run", null).source()).isEmpty();
        assertThat(new PythonFrame("app.py", 7, "run")).isEqualTo(new PythonFrame("app.py", 7, "run", ""));
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

    @Test
    void theMessageIsTheSameWhenBuiltLazilyAndAfterSerialization() throws Exception {
        String nl = System.lineSeparator();
        PythonException exit = new PythonError("SystemExit", "3", List.of("SystemExit", "BaseException"), List.of(), 3,
                null).toException();
        String expected = "Python code called sys.exit(); the JVM keeps running" + nl + "SystemExit: 3";
        assertThat(exit.getMessage()).isEqualTo(expected).isSameAs(exit.getMessage());
        assertThat(exit.getLocalizedMessage()).isEqualTo(expected);
        assertThat(exit).hasToString(PythonSystemExitException.class.getName() + ": " + expected);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(exit);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            PythonSystemExitException copy = (PythonSystemExitException) in.readObject();
            assertThat(copy.getMessage()).isEqualTo(expected);
            assertThat(copy.getExitCode()).isEqualTo(3);
        }
        PythonException withHead = new PythonFunctionNotFoundException("No function f", error("ValueError"));
        String withFrames = "No function f" + nl + "Traceback (most recent call last):" + nl
                + "  File \"app.py\", line 7, in run" + nl + "ValueError: message";
        assertThat(withHead.getMessage()).isEqualTo(withFrames);
        // With its traceback frames, too.
        bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(withHead);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            PythonException copy = (PythonException) in.readObject();
            assertThat(copy.getMessage()).isEqualTo(withFrames);
            assertThat(copy.getPythonFrames()).isEqualTo(withHead.getPythonFrames());
        }
    }
}
