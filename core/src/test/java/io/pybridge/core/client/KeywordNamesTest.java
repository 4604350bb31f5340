package io.pybridge.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pybridge.core.CPythonTest;
import io.pybridge.core.PythonName;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.SharedRuntime;
import io.pybridge.core.exception.PythonClientValidationException;
import io.pybridge.core.runtime.NameMapping;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code @Keyword} parameters named the Java way reach Python in snake_case, unless the
 * function's parameter is spelled exactly as Java's (it was before the mapping, and still works).
 */
@CPythonTest
class KeywordNamesTest {

    @PythonCall(module = "pybridge_names")
    interface Units {

        /** {@code convert(amount, *, from_unit, to_unit)} */
        String convert(double amount, @Keyword String fromUnit, @Keyword String toUnit);

        /** {@code legacy(amount, *, fromUnit, toUnit)}: the parameters as Java spells them. */
        String legacy(double amount, @Keyword String fromUnit, @Keyword String toUnit);

        /** {@code anything(**kwargs)} takes any spelling: the mapped one goes. */
        List<String> anything(@Keyword String fromUnit, @Keyword("toUnit") String to, @Keyword @PythonName("HTTP") int code);

        @PythonCall(function = "convert", validation = PythonCall.Validation.LAZY)
        String lazily(double amount, @Keyword String fromUnit, @Keyword String toUnit);
    }

    @PythonCall(module = "pybridge_names")
    interface Wrong {

        /** Neither {@code from_units} nor {@code fromUnits} is a parameter of {@code convert}. */
        String convert(double amount, @Keyword String fromUnits, @Keyword String toUnit);
    }

    interface Twice {

        @PythonCall(module = "pybridge_names")
        List<String> anything(@Keyword String fromUnit, @Keyword String from_unit);
    }

    private final PythonTemplate python = SharedRuntime.template();

    private final ExecutorService executor = Executors.newFixedThreadPool(2);

    private final PythonClientFactory factory = new PythonClientFactory(python, executor, null, true);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void aCamelCaseKeywordReachesASnakeCaseParameter() {
        assertThat(factory.create(Units.class).convert(2.0, "km", "mi")).isEqualTo("2.0 km->mi");
    }

    @Test
    void aParameterSpelledAsJavaDoesStillTakesIt() {
        assertThat(factory.create(Units.class).legacy(2.0, "km", "mi")).isEqualTo("2.0 km->mi (legacy)");
    }

    @Test
    void kwargsReceiveTheMappedNamesAndNamesGivenExplicitlyAsGiven() {
        assertThat(factory.create(Units.class).anything("a", "b", 1)).containsExactly("HTTP", "from_unit", "toUnit");
    }

    @Test
    void aLazilyValidatedMethodChoosesAtItsFirstCall() {
        Units units = factory.create(Units.class);
        assertThat(units.lazily(1.0, "a", "b")).isEqualTo("1.0 a->b");
        assertThat(units.lazily(2.0, "c", "d")).isEqualTo("2.0 c->d");
    }

    @Test
    void aKeywordNeitherSpellingTakesIsReportedByItsMappedName() {
        assertThatThrownBy(() -> factory.create(Wrong.class))
                .isInstanceOf(PythonClientValidationException.class)
                .hasMessageContaining("from_units");
    }

    @Test
    void theMethodSaysBothSpellings() {
        ClientMethod convert = ClientMethod.of(Units.class, "units").stream()
                .filter(method -> method.method().getName().equals("anything")).findFirst().orElseThrow();
        assertThat(convert.keywordNames()).containsExactly("fromUnit", "toUnit", "HTTP");
        assertThat(convert.keywordNames(NameMapping.SNAKE_CASE)).containsExactly("from_unit", "toUnit", "HTTP");
        assertThat(convert.keywordNames(NameMapping.EXACT)).containsExactly("fromUnit", "toUnit", "HTTP");
    }

    @Test
    void twoKeywordsOneNameInPythonAreRefused() {
        ClientMethod twice = ClientMethod.of(Twice.class, "twice").get(0);
        assertThat(twice.keywordNames(NameMapping.EXACT)).containsExactly("fromUnit", "from_unit");
        assertThatThrownBy(() -> twice.keywordNames(NameMapping.SNAKE_CASE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("two keywords are 'from_unit' in Python");
    }
}
