package io.pybridge.core.internal.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pybridge.core.CPythonTest;
import io.pybridge.core.PythonName;
import io.pybridge.core.PythonRuntime;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.SharedRuntime;
import io.pybridge.core.TypeRef;
import io.pybridge.core.client.Keyword;
import io.pybridge.core.client.PythonCall;
import io.pybridge.core.client.PythonClientFactory;
import io.pybridge.core.exception.PythonClientValidationException;
import io.pybridge.core.exception.PythonConversionException;
import io.pybridge.core.runtime.NameMapping;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** With the mapping off ({@link NameMapping#EXACT}) names cross as Java declares them, both ways. Own JVM. */
@CPythonTest
@Tag("isolated")
class ExactNameMappingTest {

    private static PythonRuntime runtime;

    private static PythonTemplate python;

    record Conversion(double amount, String fromUnit, String toUnit) {
    }

    record Named(@PythonName("from_unit") String fromUnit) {
    }

    @PythonCall(module = "pybridge_names")
    interface Units {

        String legacy(double amount, @Keyword String fromUnit, @Keyword String toUnit);

        String convert(double amount, @Keyword String fromUnit, @Keyword String toUnit);

        List<String> anything(@Keyword String fromUnit);
    }

    @BeforeAll
    static void start() {
        runtime = PythonRuntime.start(SharedRuntime.config().nameMapping(NameMapping.EXACT).build());
        python = new PythonTemplate(runtime);
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @Test
    void theRuntimeSaysItsMapping() {
        assertThat(runtime.config().nameMapping()).isEqualTo(NameMapping.EXACT);
    }

    @Test
    void recordsGoWithTheirJavaNames() {
        assertThat(python.callForObject("pybridge_names", "keys", new TypeRef<List<String>>() { },
                new Conversion(1, "a", "b"))).containsExactly("amount", "fromUnit", "toUnit");
    }

    @Test
    void recordsComeBackByTheirJavaNamesOnly() {
        assertThat(python.eval("{'amount': 1.0, 'fromUnit': 'a', 'toUnit': 'b'}", Conversion.class))
                .isEqualTo(new Conversion(1.0, "a", "b"));
        assertThatThrownBy(() -> python.callForObject("pybridge_names", "dataclass_of", Conversion.class, 1.0, "a", "b"))
                .isInstanceOf(PythonConversionException.class)
                .hasMessageContaining("it has no attribute 'fromUnit'")
                .hasMessageNotContaining("nor");
    }

    @Test
    void pythonNameStillNamesAComponent() {
        assertThat(python.callForObject("pybridge_names", "keys", new TypeRef<List<String>>() { }, new Named("a")))
                .containsExactly("from_unit");
        assertThat(python.callForObject("pybridge_names", "dataclass_of", Named.class, 1.0, "a", "b"))
                .isEqualTo(new Named("a"));
    }

    @Test
    void clientKeywordsGoWithTheirJavaNames() {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            PythonClientFactory factory = new PythonClientFactory(python, executor, null, false);
            Units units = factory.create(Units.class);
            assertThat(units.legacy(1.0, "a", "b")).isEqualTo("1.0 a->b (legacy)");
            assertThat(units.anything("a")).containsExactly("fromUnit");
            assertThatThrownBy(() -> units.convert(1.0, "a", "b"))
                    .isInstanceOf(PythonClientValidationException.class)
                    .hasMessageContaining("fromUnit");
        }
        finally {
            executor.shutdownNow();
        }
    }
}
