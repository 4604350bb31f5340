package io.pybridge.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pybridge.core.CPythonTest;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.SharedRuntime;
import io.pybridge.core.exception.PythonClientValidationException;
import io.pybridge.core.exception.PythonException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Interfaces become Python clients: arguments, keywords, every return type, mapping, validation. */
@CPythonTest
class PythonClientFactoryTest {

    record Score(String name, double value) {
    }

    record Point(int x, int y, String label) {
    }

    enum Level { HIGH, LOW }

    @PythonCall(module = "pybridge_clients")
    @PythonExceptionMapping(python = "ValueError", java = IllegalArgumentException.class)
    interface Clients {

        List<Score> scores(List<String> names);

        Map<String, Double> weights();

        Optional<String> maybe(boolean flag);

        @PythonCall(function = "record_back")
        Point doubled(Point point);

        @PythonCall(function = "as_object")
        Point fromObject(int x, int y);

        String level(Level level);

        @PythonCall(function = "level")
        Level levelBack(String name);

        @PythonCall(function = "record_call")
        void remember(String value);

        List<String> calls();

        long power(long base, @Keyword("exponent") int exponent, @Keyword("modulo") Integer modulo);

        @PythonCall(function = "power")
        long square(long base);

        @PythonCall(function = "slow_double")
        CompletableFuture<Long> doubleLater(long x, double seconds);

        void reject(String value);

        @PythonCall(function = "explode")
        void explode();

        @PythonCall(module = "math", function = "sqrt")
        double sqrt(double value);

        default String greeting() {
            return "hello from a default method, " + weights().size() + " weights";
        }
    }

    @PythonCall(module = "pybridge_clients")
    interface WrongArity {
        @PythonCall(function = "two_args")
        long twoArgs(long a);
    }

    @PythonCall(module = "pybridge_clients")
    interface MissingFunction {
        void noSuchFunction();
    }

    /** Three broken methods and a good one: all three must be reported by one failure. */
    interface SeveralBroken {
        @PythonCall(module = "pybridge_clients", function = "no_such_one")
        void first();

        @PythonCall(module = "pybridge_broken", function = "broken")
        void second();

        @PythonCall(module = "pybridge_clients", function = "two_args")
        long third(long only);

        @PythonCall(module = "math", function = "sqrt")
        double fine(double value);

        @PythonCall(module = "pybridge_broken", function = "another")
        void fourth();
    }

    @PythonCall(module = "pybridge_not_loaded_yet", validation = PythonCall.Validation.LAZY)
    interface LateModule {
        long answer();
    }

    private final ExecutorService executor = Executors.newFixedThreadPool(4);

    private final PythonTemplate python = SharedRuntime.template();

    private final PythonClientFactory factory = new PythonClientFactory(python, executor, null, true);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void genericReturnTypes() {
        Clients clients = factory.create(Clients.class);
        assertThat(clients.scores(List.of("ab", "abc"))).containsExactly(new Score("ab", 2.0), new Score("abc", 3.0));
        assertThat(clients.weights()).containsExactly(Map.entry("a", 0.5), Map.entry("b", 1.5));
        assertThat(clients.maybe(true)).contains("present");
        assertThat(clients.maybe(false)).isEmpty();
        assertThat(clients.sqrt(16.0)).isEqualTo(4.0);
    }

    @Test
    void recordsBothWaysAndObjectsWithAttributes() {
        Clients clients = factory.create(Clients.class);
        assertThat(clients.doubled(new Point(1, 2, "p"))).isEqualTo(new Point(2, 4, "P"));
        assertThat(clients.fromObject(3, 4)).isEqualTo(new Point(3, 4, "box"));
    }

    @Test
    void enumsAsStrings() {
        Clients clients = factory.create(Clients.class);
        assertThat(clients.level(Level.HIGH)).isEqualTo("high");
        assertThat(clients.levelBack("x")).isEqualTo(Level.LOW);
    }

    @Test
    void voidMethodsAndKeywordArguments() {
        Clients clients = factory.create(Clients.class);
        clients.remember("one");
        assertThat(clients.calls()).contains("one");
        assertThat(clients.power(3, 3, null)).isEqualTo(27L);
        assertThat(clients.power(3, 3, 5)).isEqualTo(2L);
        assertThat(clients.square(9)).isEqualTo(81L);
    }

    @Test
    void asyncMethodsRunOffTheCallersThread() throws Exception {
        Clients clients = factory.create(Clients.class);
        long begin = System.nanoTime();
        CompletableFuture<Long> later = clients.doubleLater(21, 0.3);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin)).isLessThan(250);
        assertThat(later.get(10, TimeUnit.SECONDS)).isEqualTo(42L);
    }

    @Test
    void pythonExceptionsAreMappedPerClient() {
        Clients clients = factory.create(Clients.class);
        assertThatThrownBy(() -> clients.reject("x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ValueError: bad value: 'x'").hasCauseInstanceOf(PythonException.class);
        assertThatThrownBy(clients::explode).isInstanceOf(PythonException.class)
                .extracting(ex -> ((PythonException) ex).getPythonType()).isEqualTo("RuntimeError");
    }

    @Test
    void defaultAndObjectMethodsWork() {
        Clients clients = factory.create(Clients.class, "myClients");
        assertThat(clients.greeting()).isEqualTo("hello from a default method, 2 weights");
        assertThat(clients.toString()).contains("myClients");
        assertThat(clients).isEqualTo(clients);
    }

    @Test
    void failFastNamesInterfaceMethodAndFunction() {
        assertThatThrownBy(() -> factory.create(WrongArity.class)).isInstanceOf(PythonClientValidationException.class)
                .hasMessageContaining("WrongArity.twoArgs -> pybridge_clients.two_args")
                .hasMessageContaining("cannot take 1 positional argument");
        assertThatThrownBy(() -> factory.create(MissingFunction.class))
                .isInstanceOf(PythonClientValidationException.class)
                .hasMessageContaining("MissingFunction.noSuchFunction -> pybridge_clients.noSuchFunction")
                .hasMessageContaining("has no function 'noSuchFunction'");
    }

    @Test
    void everyProblemIsReportedOnceAndASyntaxErrorFirstWithItsLocation() {
        String nl = System.lineSeparator();
        assertThatThrownBy(() -> factory.create(SeveralBroken.class))
                .isInstanceOfSatisfying(PythonClientValidationException.class, ex -> {
                    // The syntax error breaks two methods but is one problem; the two missing functions are two more.
                    assertThat(ex.getProblems()).hasSize(3);
                    assertThat(ex.getSyntaxErrors()).hasSize(1);
                    assertThat(ex.getCause()).isSameAs(ex.getSyntaxErrors().get(0));
                    assertThat(ex.getSuppressed()).hasSize(3);
                    assertThat(ex.getMessage().split("def broken\\(:", -1)).as("the source line once").hasSize(2);
                })
                .hasMessageStartingWith("Python module 'pybridge_broken' has a syntax error in ")
                .hasMessageContaining("pybridge_broken.py, line 1; it breaks 2 methods of " + SeveralBroken.class.getName() + ": ")
                .hasMessageContaining("SeveralBroken.second -> pybridge_broken.broken")
                .hasMessageContaining("SeveralBroken.fourth -> pybridge_broken.another")
                .hasMessageContaining(nl + "SyntaxError: ")
                .hasMessageContaining("pybridge_broken.py\", line 1").hasMessageContaining("def broken(:")
                .hasMessageContaining(nl + "2 other problems:" + nl + "- Python client method SeveralBroken.")
                .hasMessageContaining("- Python client method SeveralBroken.first -> pybridge_clients.no_such_one cannot be used")
                .hasMessageContaining("- Python client method SeveralBroken.third -> pybridge_clients.two_args")
                .hasMessageNotContaining("SeveralBroken.fine");
    }

    @Test
    void theDescriptionOfAClientsMethodsIsPublicForToolsThatCheckThemWithoutPython() {
        List<ClientMethod> methods = ClientMethod.of(Clients.class, "clients");
        ClientMethod power = methods.stream().filter(m -> m.method().getName().equals("power")).findFirst().orElseThrow();
        assertThat(power.module()).isEqualTo("pybridge_clients");
        assertThat(power.positionalParameterTypes()).hasSize(power.positionalCount());
        assertThat(power.keywordParameterTypes().keySet()).isEqualTo(power.keywordNames());
        assertThat(methods).noneMatch(m -> m.method().isDefault());
    }

    @Test
    void lazyValidationWaitsForTheFirstCall() {
        LateModule late = factory.create(LateModule.class);
        assertThatThrownBy(late::answer).isInstanceOf(PythonClientValidationException.class)
                .hasMessageContaining("LateModule.answer");
        python.exec("import sys, types\n_m = types.ModuleType('pybridge_not_loaded_yet')\n"
                + "exec('def answer():\\n    return 42', _m.__dict__)\nsys.modules['pybridge_not_loaded_yet'] = _m\n");
        assertThat(late.answer()).isEqualTo(42L);
    }

    @Test
    void lazyByDefaultWhenTheFactorySaysSo() {
        PythonClientFactory lazy = new PythonClientFactory(python, executor, null, false);
        MissingFunction client = lazy.create(MissingFunction.class);
        assertThatThrownBy(client::noSuchFunction).isInstanceOf(PythonClientValidationException.class);
    }

    @Test
    void decoratorSeesEveryCall() {
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        PythonClientFactory decorated = new PythonClientFactory(python, executor, invocation -> {
            seen.add(invocation.method().describe() + " @" + invocation.method().resilienceName());
            return invocation.proceed();
        }, true);
        decorated.create(Clients.class).square(3);
        assertThat(seen).containsExactly("Clients.square -> pybridge_clients.power @clients");
    }
}
