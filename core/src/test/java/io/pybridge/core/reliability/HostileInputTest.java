package io.pybridge.core.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pybridge.core.CPythonTest;
import io.pybridge.core.PythonRuntime;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.SharedRuntime;
import io.pybridge.core.exception.PythonArgumentException;
import io.pybridge.core.exception.PythonConversionException;
import io.pybridge.core.exception.PythonException;
import io.pybridge.core.exception.PythonFunctionNotFoundException;
import io.pybridge.core.exception.PythonImportException;
import io.pybridge.core.exception.PythonSyntaxException;
import io.pybridge.core.exception.PythonSystemExitException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile-input table the docs promise ({@code docs/errors.md}): each input gets a clear,
 * typed outcome and the interpreter answers from another thread afterwards. (Call after close
 * needs a runtime of its own: {@link CallAfterCloseTest}.)
 */
@CPythonTest
class HostileInputTest {

    private static final String MOD = "pybridge_testmod";

    private static final PythonTemplate PYTHON = SharedRuntime.template();

    /** One row: what the caller does, and what must come of it (a result or a thrown exception). */
    private record Row(String name, Function<PythonTemplate, Object> action, Consumer<Object> outcome) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> table() {
        return Stream.of(
                row("SystemExit(3) never ends the JVM", exec("raise SystemExit(3)"),
                        thrown -> assertThat(failure(thrown)).isInstanceOfSatisfying(PythonSystemExitException.class,
                                exit -> assertThat(exit.getExitCode()).isEqualTo(3))),
                row("sys.exit() never ends the JVM", exec("import sys; sys.exit()"),
                        thrown -> assertThat(failure(thrown)).isInstanceOf(PythonSystemExitException.class)),
                row("KeyboardInterrupt", exec("raise KeyboardInterrupt"),
                        thrown -> assertPythonType(thrown, "KeyboardInterrupt")),
                row("MemoryError", p -> p.eval("bytearray(1 << 62)"), thrown -> assertPythonType(thrown, "MemoryError")),
                row("SyntaxError", exec("def (:"), thrown -> assertThat(failure(thrown)).isInstanceOf(PythonSyntaxException.class)),
                row("unknown module", p -> p.call("no_such_module_xyz", "f"),
                        thrown -> assertThat(failure(thrown)).isInstanceOf(PythonImportException.class)),
                row("unknown function", p -> p.call(MOD, "no_such_function"),
                        thrown -> assertThat(failure(thrown)).isInstanceOf(PythonFunctionNotFoundException.class)),
                row("wrong arity", p -> p.call(MOD, "add", 1),
                        thrown -> assertThat(failure(thrown)).isInstanceOf(PythonArgumentException.class)),
                row("an exception whose __str__ raises",
                        exec("class _BadStr(Exception):\n    def __str__(self):\n        raise ValueError('no')\n"
                                + "raise _BadStr()"),
                        thrown -> assertThat(failure(thrown)).isInstanceOfSatisfying(PythonException.class,
                                ex -> assertThat(ex.getPythonMessage()).isEqualTo("<str() raised ValueError>"))),
                row("a 10 MB exception message", exec("raise ValueError('x' * 10_000_000)"),
                        thrown -> assertThat(failure(thrown)).isInstanceOfSatisfying(PythonException.class,
                                ex -> assertThat(ex.getPythonMessage()).hasSize(10_000_000))),
                row("a Java list that contains itself", p -> p.call(MOD, "echo", selfContaining()),
                        thrown -> assertThat(failure(thrown)).isInstanceOf(PythonConversionException.class)
                                .hasMessageContaining("contains itself")),
                row("a Python list that contains itself", p -> p.eval("(lambda l: (l.append(l), l)[1])([])"),
                        thrown -> assertThat(failure(thrown)).isInstanceOf(PythonConversionException.class)),
                row("lone surrogates round-trip", p -> p.call(MOD, "echo", "a\uD800b\uDFFF"),
                        result -> assertThat(result).isEqualTo("a\uD800b\uDFFF")),
                row("NaN and infinities", p -> p.call(MOD, "echo", List.of(Double.NaN, Double.POSITIVE_INFINITY)),
                        result -> assertThat(result).isEqualTo(List.of(Double.NaN, Double.POSITIVE_INFINITY))),
                row("NaN made in Python", p -> p.eval("float('nan')"), result -> assertThat((Double) result).isNaN()),
                row("an int too big for long", p -> p.eval("2 ** 100", Long.class),
                        thrown -> assertThat(failure(thrown)).isInstanceOf(PythonConversionException.class)),
                row("an int too big for long, untyped", p -> p.eval("2 ** 100"),
                        result -> assertThat(result).isEqualTo(BigInteger.TWO.pow(100))),
                row("a 10,000-deep Java list", p -> p.call(MOD, "echo", nested(10_000)),
                        thrown -> assertThat(failure(thrown)).isInstanceOfSatisfying(PythonConversionException.class,
                                ex -> assertThat(ex.getPath()).contains("args[0][0][0]"))),
                row("a 10,000-deep Python list", p -> p.eval("(lambda n: __import__('functools').reduce("
                        + "lambda acc, _: [acc], range(n), []))(10_000)"),
                        thrown -> assertThat(failure(thrown)).isInstanceOf(PythonConversionException.class)
                                .hasMessageContaining("nested deeper than")),
                row("close() from inside a call", p -> p.execute(session -> {
                    p.getRuntime().close();
                    return null;
                }), thrown -> {
                    assertThat(failure(thrown)).isInstanceOf(IllegalStateException.class).hasMessageContaining("inside a Python call");
                    assertThat(PYTHON.getRuntime().state()).isEqualTo(PythonRuntime.State.RUNNING);
                }),
                row("close() from a callback", p -> p.call(MOD, "apply", (Runnable) () -> p.getRuntime().close()),
                        thrown -> {
                            assertThat(failure(thrown)).isInstanceOf(PythonException.class).hasCauseInstanceOf(IllegalStateException.class);
                            assertThat(PYTHON.getRuntime().state()).isEqualTo(PythonRuntime.State.RUNNING);
                        }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void hostileInputGetsAClearOutcomeAndTheInterpreterStaysHealthy(Row row) {
        Object outcome;
        try {
            outcome = row.action().apply(PYTHON);
        }
        catch (Throwable thrown) {
            outcome = thrown;
        }
        row.outcome().accept(outcome);
        CallbackReliabilityTest.assertHealthy();
    }

    @Test
    void aFailedDeepConversionReleasesEveryPythonObjectItMade() {
        List<Object> deep = nested(10_000);
        Runnable attempt = () -> assertThat(catchThrowable(() -> PYTHON.call(MOD, "echo", deep)))
                .isInstanceOf(PythonConversionException.class);
        attempt.run(); // warm-up: caches and interned names exist before the baseline
        long[] before = pythonCounts();
        for (int i = 0; i < 20; i++) {
            attempt.run();
        }
        long[] after = pythonCounts();
        System.out.printf("HostileInputTest: 20 failed 10,000-deep conversions: allocated blocks %+d, gc objects %+d%n",
                after[0] - before[0], after[1] - before[1]);
        // Each attempt builds 512 lists before failing: a leak would add >= 10,000 objects.
        assertThat(after[1] - before[1]).isLessThan(100);
        assertThat(after[0] - before[0]).isLessThan(500);
    }

    /** {sys.getallocatedblocks(), len(gc.get_objects())} after a collection. */
    private static long[] pythonCounts() {
        @SuppressWarnings("unchecked")
        List<Long> counts = PYTHON.eval("(__import__('gc').collect(), [__import__('sys').getallocatedblocks(), "
                + "len(__import__('gc').get_objects())])[1]", List.class);
        return new long[] { counts.get(0), counts.get(1) };
    }

    private static Function<PythonTemplate, Object> exec(String code) {
        return python -> {
            python.exec(code);
            return null;
        };
    }

    private static Arguments row(String name, Function<PythonTemplate, Object> action, Consumer<Object> outcome) {
        return Arguments.of(new Row(name, action, outcome));
    }

    /** The outcome as the exception it must be (a clear failure if the call returned instead). */
    private static Throwable failure(Object outcome) {
        assertThat(outcome).as("the call should have thrown").isInstanceOf(Throwable.class);
        return (Throwable) outcome;
    }

    private static void assertPythonType(Object thrown, String type) {
        assertThat(thrown).isInstanceOfSatisfying(PythonException.class,
                ex -> assertThat(ex.isInstanceOf(type)).as(ex.getPythonType()).isTrue());
    }

    private static List<Object> selfContaining() {
        List<Object> list = new ArrayList<>();
        list.add(list);
        return list;
    }

    private static List<Object> nested(int depth) {
        List<Object> value = new ArrayList<>();
        for (int i = 0; i < depth; i++) {
            List<Object> outer = new ArrayList<>();
            outer.add(value);
            value = outer;
        }
        return value;
    }
}
