package io.pybridge.core.internal.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pybridge.core.CPythonTest;
import io.pybridge.core.PythonName;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.SharedRuntime;
import io.pybridge.core.TypeRef;
import io.pybridge.core.exception.PythonConversionException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Record components cross by their snake_case names under the default mapping: dataclasses,
 * TypedDicts and plain objects come back by {@code from_unit}, records go as dicts keyed
 * {@code from_unit}; a name Python spells as Java does still wins, and {@link PythonName} overrides both.
 */
@CPythonTest
class NameMappingConversionTest {

    private static final String MOD = "pybridge_names";

    final PythonTemplate python = template();

    /** Where the conversions run: the main interpreter here, the worker processes in a subclass. */
    PythonTemplate template() {
        return SharedRuntime.template();
    }

    record Conversion(double amount, String fromUnit, String toUnit) {
    }

    record Named(@PythonName("FROM") String fromUnit, @PythonName("to") String toUnit) {
    }

    record Acronyms(int httpCode, String parseHTTPResponse, String utf8Text) {
    }

    @Test
    void aDataclassFieldFromUnitFillsTheComponentFromUnit() {
        assertThat(python.callForObject(MOD, "dataclass_of", Conversion.class, 2.5, "km", "mi"))
                .isEqualTo(new Conversion(2.5, "km", "mi"));
    }

    @Test
    void aTypedDictOrDictKeyFromUnitToo() {
        assertThat(python.callForObject(MOD, "typed_dict_of", Conversion.class, 1.0, "kg", "lb"))
                .isEqualTo(new Conversion(1.0, "kg", "lb"));
        assertThat(python.eval("{'amount': 3.0, 'from_unit': 'c', 'to_unit': 'f'}", Conversion.class))
                .isEqualTo(new Conversion(3.0, "c", "f"));
    }

    @Test
    void aPlainObjectsAttributesToo() {
        assertThat(python.callForObject(MOD, "plain_of", Conversion.class, 4.0, "l", "gal"))
                .isEqualTo(new Conversion(4.0, "l", "gal"));
    }

    @Test
    void aRecordReachesPythonWithSnakeCaseKeys() {
        assertThat(python.callForObject(MOD, "keys", new TypeRef<List<String>>() { }, new Conversion(1, "a", "b")))
                .containsExactly("amount", "from_unit", "to_unit");
        assertThat(python.callForObject(MOD, "keys", new TypeRef<List<String>>() { }, new Acronyms(200, "x", "y")))
                .containsExactly("http_code", "parse_http_response", "utf8_text");
    }

    @Test
    void pooledInterpretersMapNamesToo() {
        PythonTemplate pooled = python.inPool();
        assertThat(pooled.callForObject(MOD, "dataclass_of", Conversion.class, 2.5, "km", "mi"))
                .isEqualTo(new Conversion(2.5, "km", "mi"));
        assertThat(pooled.callForObject(MOD, "keys", new TypeRef<List<String>>() { }, new Conversion(1, "a", "b")))
                .containsExactly("amount", "from_unit", "to_unit");
    }

    @Test
    void aRecordGoesAndComesBack() {
        Conversion conversion = new Conversion(7.0, "m", "ft");
        assertThat(python.callForObject(MOD, "echo", Conversion.class, conversion)).isEqualTo(conversion);
    }

    @Test
    void theExactJavaSpellingStillWinsWhenPythonHasIt() {
        assertThat(python.eval("{'amount': 1.0, 'fromUnit': 'exact', 'toUnit': 'exact'}", Conversion.class))
                .isEqualTo(new Conversion(1.0, "exact", "exact"));
        assertThat(python.eval("{'amount': 1.0, 'fromUnit': 'exact', 'from_unit': 'snake', 'to_unit': 'snake'}",
                Conversion.class)).isEqualTo(new Conversion(1.0, "exact", "snake"));
        python.exec("""
                class NamesLegacy:
                    amount = 2.0
                    fromUnit = 'a'
                    to_unit = 'b'
                """);
        assertThat(python.eval("NamesLegacy()", Conversion.class)).isEqualTo(new Conversion(2.0, "a", "b"));
    }

    @Test
    void aMissingComponentNamesBothSpellings() {
        assertThatThrownBy(() -> python.eval("{'amount': 1.0, 'to_unit': 'b'}", Conversion.class))
                .isInstanceOf(PythonConversionException.class)
                .hasMessageContaining("it has no key 'fromUnit' (nor 'from_unit')");
    }

    @Test
    void pythonNameOverridesTheMappingBothWays() {
        assertThat(python.callForObject(MOD, "keys", new TypeRef<List<String>>() { }, new Named("a", "b")))
                .containsExactly("FROM", "to");
        assertThat(python.eval("{'FROM': 'x', 'to': 'y'}", Named.class)).isEqualTo(new Named("x", "y"));
        // The name given is the only one read: neither the Java nor the snake_case spelling.
        assertThatThrownBy(() -> python.eval("{'from_unit': 'x', 'fromUnit': 'x', 'to': 'y'}", Named.class))
                .isInstanceOf(PythonConversionException.class)
                .hasMessageContaining("it has no key 'FROM'")
                .hasMessageNotContaining("nor");
    }

    @Test
    void mapKeysCrossAsWritten() {
        assertThat(python.callForObject(MOD, "keys", new TypeRef<List<String>>() { }, Map.of("fromUnit", 1)))
                .containsExactly("fromUnit");
        assertThat(python.eval("{'from_unit': 1}", Map.of(), new TypeRef<Map<String, Integer>>() { }))
                .containsOnlyKeys("from_unit");
    }
}
