package io.pybridge.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.pybridge.core.exception.PythonArgumentException;
import io.pybridge.core.exception.PythonConversionException;
import io.pybridge.core.exception.PythonException;
import io.pybridge.core.exception.PythonFrame;
import io.pybridge.core.exception.PythonFunctionNotFoundException;
import io.pybridge.core.exception.PythonImportException;
import io.pybridge.core.exception.PythonSyntaxException;
import io.pybridge.core.exception.PythonSystemExitException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every way a call can fail, and that the interpreter stays healthy after each. */
@CPythonTest
class PythonExceptionTest {

    private static final String MOD = "pybridge_testmod";

    private final PythonTemplate python = SharedRuntime.template();

    @AfterEach
    void interpreterStillHealthy() {
        assertThat(python.call(MOD, "add", 20, 22)).isEqualTo(42L);
        assertThat(python.eval("__import__('sys').exc_info()[0] is None", Boolean.class)).isTrue();
    }

    @Test
    void pythonErrorCarriesTypeMessageAndTraceback() {
        PythonException ex = catchThrowableOfType(PythonException.class, () -> python.call(MOD, "fail", "bad input"));
        assertThat(ex.getClass()).isEqualTo(PythonException.class);
        assertThat(ex.getPythonType()).isEqualTo("ValueError");
        assertThat(ex.getPythonMessage()).isEqualTo("bad input");
        assertThat(ex.isInstanceOf("Exception")).isTrue();
        assertThat(ex.getPythonFrames()).hasSize(1);
        PythonFrame frame = ex.getPythonFrames().get(0);
        assertThat(frame.file()).endsWith("pybridge_testmod.py");
        assertThat(frame.function()).isEqualTo("fail");
        assertThat(frame.line()).isPositive();
        assertThat(ex.getMessage()).contains("Traceback (most recent call last):")
                .contains("File \"" + frame.file() + "\", line " + frame.line() + ", in fail")
                .endsWith("ValueError: bad input");
    }

    @Test
    void causeChainBecomesJavaCauses() {
        PythonException ex = catchThrowableOfType(PythonException.class, () -> python.call(MOD, "fail_nested"));
        assertThat(ex.getPythonType()).isEqualTo("RuntimeError");
        assertThat(ex.getPythonFrames()).extracting(PythonFrame::function).containsExactly("fail_nested");
        assertThat(ex.getCause()).isInstanceOf(PythonException.class);
        PythonException cause = (PythonException) ex.getCause();
        assertThat(cause.getPythonType()).isEqualTo("ValueError");
        assertThat(cause.getPythonFrames()).extracting(PythonFrame::function).containsExactly("fail_nested", "fail");
    }

    @Test
    void userDefinedExceptionIsQualifiedAndMatchesItsBuiltinBases() {
        python.exec("class QuotaError(LookupError):\n    pass\n");
        PythonException ex = catchThrowableOfType(PythonException.class, () -> python.exec("raise QuotaError('over')"));
        assertThat(ex.getPythonType()).isEqualTo("QuotaError");
        assertThat(ex.isInstanceOf("LookupError")).isTrue();
        assertThat(ex.isInstanceOf("ValueError")).isFalse();
        PythonException decoding = catchThrowableOfType(PythonException.class, () -> python.eval("b'\\xff'.decode()"));
        assertThat(decoding.getPythonType()).isEqualTo("UnicodeDecodeError");
        assertThat(decoding.isInstanceOf("ValueError")).isTrue();
        PythonException json = catchThrowableOfType(PythonException.class,
                () -> python.eval("__import__('json').loads('{')"));
        assertThat(json.getPythonType()).isEqualTo("json.decoder.JSONDecodeError");
        assertThat(json.isInstanceOf("json.decoder.JSONDecodeError")).isTrue();
        PythonException statistics = catchThrowableOfType(PythonException.class,
                () -> python.eval("__import__('statistics').stdev([1])"));
        assertThat(statistics.isInstanceOf("statistics.StatisticsError")).isTrue();
        assertThat(statistics.isInstanceOf("ValueError")).isTrue();
    }

    @Test
    void systemExitNeverEndsTheJvm() {
        PythonSystemExitException exit = catchThrowableOfType(PythonSystemExitException.class,
                () -> python.call(MOD, "exit_with", 3));
        assertThat(exit.getExitCode()).isEqualTo(3);
        assertThat(exit.getPythonType()).isEqualTo("SystemExit");
        assertThatThrownBy(() -> python.exec("import sys\nsys.exit('bye')"))
                .isInstanceOf(PythonSystemExitException.class).hasMessageContaining("bye");
        assertThat(catchThrowableOfType(PythonSystemExitException.class, () -> python.exec("raise SystemExit"))
                .getExitCode()).isNull();
    }

    @Test
    void keyboardInterruptIsAnException() {
        PythonException ex = catchThrowableOfType(PythonException.class, () -> python.call(MOD, "interrupt"));
        assertThat(ex.getPythonType()).isEqualTo("KeyboardInterrupt");
        assertThat(ex.isInstanceOf("BaseException")).isTrue();
    }

    @Test
    void unknownModule() {
        assertThatThrownBy(() -> python.call("no_such_module_xyz", "f"))
                .isInstanceOf(PythonImportException.class)
                .hasMessageContaining("Cannot import Python module 'no_such_module_xyz'")
                .hasMessageContaining("ModuleNotFoundError");
        assertThatThrownBy(() -> python.exec("import no_such_module_xyz")).isInstanceOf(PythonImportException.class);
    }

    @Test
    void unknownOrNonCallableFunction() {
        assertThatThrownBy(() -> python.call(MOD, "no_such_function"))
                .isInstanceOf(PythonFunctionNotFoundException.class)
                .hasMessageContaining("Python module 'pybridge_testmod' has no function 'no_such_function'")
                .hasMessageContaining("AttributeError");
        assertThatThrownBy(() -> python.call(MOD, "not_callable"))
                .isInstanceOf(PythonFunctionNotFoundException.class).hasMessageContaining("is not callable");
    }

    @Test
    void wrongArityOrKeywordsIsAnArgumentException() {
        assertThatThrownBy(() -> python.call(MOD, "add", 1))
                .isInstanceOf(PythonArgumentException.class)
                .hasMessageContaining("pybridge_testmod.add rejected 1 positional argument(s)")
                .hasMessageContaining("missing 1 required positional argument");
        assertThatThrownBy(() -> python.call(MOD, "add", 1, 2, 3)).isInstanceOf(PythonArgumentException.class);
        assertThatThrownBy(() -> python.call(MOD, "greet", List.of("Ada"), Map.of("colour", "red"), String.class))
                .isInstanceOf(PythonArgumentException.class).hasMessageContaining("[colour]")
                .hasMessageContaining("unexpected keyword argument 'colour'");
        // A TypeError raised inside the function is the function's own error, not an arity problem.
        PythonException inside = catchThrowableOfType(PythonException.class, () -> python.call(MOD, "internal_type_error"));
        assertThat(inside).isNotInstanceOf(PythonArgumentException.class);
        assertThat(inside.getPythonType()).isEqualTo("TypeError");
    }

    @Test
    void aCFunctionRejectingAnArgumentTypeIsItsOwnError() {
        PythonException ex = catchThrowableOfType(PythonException.class, () -> python.call("math", "sqrt", "x"));
        assertThat(ex).isNotInstanceOf(PythonArgumentException.class);
        assertThat(ex.getPythonType()).isEqualTo("TypeError");
    }

    @Test
    void verifyCallableChecksWithoutCalling() {
        python.execute(session -> {
            session.verifyCallable(MOD, "add", 2, List.of());
            session.verifyCallable(MOD, "greet", 1, List.of("greeting", "punctuation"));
            session.verifyCallable("math", "sqrt", 1, List.of()); // builtin: checked as far as it can be
            assertThatThrownBy(() -> session.verifyCallable(MOD, "add", 3, List.of()))
                    .isInstanceOf(PythonArgumentException.class).hasMessageContaining("add(a, b)")
                    .hasMessageContaining("too many positional arguments");
            assertThatThrownBy(() -> session.verifyCallable(MOD, "greet", 1, List.of("colour")))
                    .isInstanceOf(PythonArgumentException.class).hasMessageContaining("colour");
            assertThatThrownBy(() -> session.verifyCallable(MOD, "nope", 0, List.of()))
                    .isInstanceOf(PythonFunctionNotFoundException.class);
            assertThatThrownBy(() -> session.verifyCallable("no_such_module_xyz", "f", 0, List.of()))
                    .isInstanceOf(PythonImportException.class);
            return null;
        });
    }

    @Test
    void aModuleWithASyntaxErrorIsReportedAsSuch() {
        assertThatThrownBy(() -> python.call("pybridge_broken", "anything"))
                .isInstanceOf(PythonSyntaxException.class)
                .hasMessageContaining("Python module 'pybridge_broken' has a syntax error")
                .hasMessageContaining("pybridge_broken.py");
    }

    @Test
    void aSyntaxErrorNamesTheWholePathTheLineAndTheSourceWithACaret() {
        // str() of a SyntaxError names only 'pybridge_broken.py, line 1': the path, the source
        // line and a caret under the column are added as Python's traceback shows them.
        assertThatThrownBy(() -> python.importModule("pybridge_broken")).isInstanceOf(PythonSyntaxException.class)
                // The whole path: test-classes/python, or a copy of the test modules under the matrix.
                .hasMessageMatching("(?s).*File \"/[^\"]+/pybridge_broken\\.py\", line 1\\R    def broken\\(:.*")
                .satisfies(thrown -> assertThat(thrown.getMessage()).containsPattern("def broken\\(:\\R +\\^"));
    }

    @Test
    void importsKeepTheTypeOfWhatEndedThem() {
        // importModule and call import the same way: a syntax error, an ImportError, and here a
        // SystemExit, each keep their type (a SystemExit never ends the JVM).
        assertThatThrownBy(() -> python.importModule("pybridge_exits")).isInstanceOf(PythonSystemExitException.class);
        assertThatThrownBy(() -> python.call("pybridge_exits", "anything")).isInstanceOf(PythonSystemExitException.class);
        assertThatThrownBy(() -> python.importModule("pybridge_broken")).isInstanceOf(PythonSyntaxException.class)
                .hasMessageContaining("Python module 'pybridge_broken' has a syntax error");
    }

    @Test
    void aPythonObjectThatPybridgeDidNotMakeIsRefusedAsAnArgument() {
        // Not a handle: it holds no Python reference, and must not pass NULL into the C API.
        PythonObject impostor = (PythonObject) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { PythonObject.class }, (proxy, method, args) -> null);
        assertThatThrownBy(() -> python.call("builtins", "id", impostor)).isInstanceOf(PythonConversionException.class)
                .hasMessageContaining("only PythonObject handles made by pybridge");
        assertThat(python.eval("1 + 1")).isEqualTo(2L);
    }

    @Test
    void keywordArgumentsAreDelivered() {
        assertThat(python.call(MOD, "greet", List.of("Ada"), Map.of("greeting", "Hi", "punctuation", "?"), String.class))
                .isEqualTo("Hi, Ada?");
        assertThat(python.call(MOD, "describe", List.of(1), Map.of("k", List.of("v")), Object.class))
                .isEqualTo(Map.of("args", List.of(1L), "kwargs", Map.of("k", List.of("v"))));
    }

    @Test
    void unconvertibleArgumentFailsBeforeCalling() {
        assertThatThrownBy(() -> python.call(MOD, "echo", new StringBuilder("ok"), new Object()))
                .isInstanceOf(PythonConversionException.class).hasMessageContaining("args[1]")
                .hasMessageContaining("java.lang.Object");
    }

    @Test
    void syntaxErrors() {
        PythonSyntaxException ex = catchThrowableOfType(PythonSyntaxException.class, () -> python.exec("def broken(:\n"));
        assertThat(ex.getPythonType()).isEqualTo("SyntaxError");
        assertThat(ex.getPythonMessage()).contains("line 1");
        assertThatThrownBy(() -> python.eval("1 +")).isInstanceOf(PythonSyntaxException.class);
        assertThatThrownBy(() -> python.exec("if True:\nx = 1")).isInstanceOf(PythonSyntaxException.class)
                .extracting(e -> ((PythonException) e).getPythonType()).isEqualTo("IndentationError");
    }

    @Test
    void argumentsCrossAsDataNeverAsCode() {
        String hostile = "__import__('os').system('exit 1') or 'x'";
        assertThat(python.call(MOD, "echo", hostile)).isEqualTo(hostile);
        assertThat(python.eval("s + '!'", Map.of("s", "'); raise SystemExit('"))).isEqualTo("'); raise SystemExit('!");
    }
}
