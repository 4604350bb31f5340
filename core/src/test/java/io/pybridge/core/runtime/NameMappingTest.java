package io.pybridge.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The snake_case spelling of Java names: words split where Java's camelCase starts them, acronyms kept whole. */
class NameMappingTest {

    @ParameterizedTest
    @CsvSource({
            "fromUnit, from_unit",
            "x, x",
            "getX, get_x",
            "HTTPCode, http_code",
            "parseHTTPResponse, parse_http_response",
            "myURL, my_url",
            "URL, url",
            "IOError, io_error",
            "Amount, amount",
            "utf8Text, utf8_text",
            "HTTP2Server, http2_server",
            "sha256Hex, sha256_hex",
            "a1B2, a1_b2",
            "top10, top10",
            "from_unit, from_unit",
            "_fromUnit, _from_unit",
            "from_Unit, from_unit",
            "__init__, __init__",
            "ÄrgerÜber, ärger_über",
    })
    void snakeCase(String java, String python) {
        assertThat(NameMapping.snakeCase(java)).isEqualTo(python);
        assertThat(NameMapping.SNAKE_CASE.pythonName(java)).isEqualTo(python);
    }

    @ParameterizedTest
    @CsvSource({ "fromUnit", "HTTPCode", "from_unit" })
    void exactLeavesEveryNameAsJavaDeclaresIt(String java) {
        assertThat(NameMapping.EXACT.pythonName(java)).isEqualTo(java);
    }

    @ParameterizedTest
    @CsvSource({ "fromUnit", "HTTPCode", "parseHTTPResponse", "utf8Text", "from_unit" })
    void snakeCaseIsStable(String java) {
        String once = NameMapping.snakeCase(java);
        assertThat(NameMapping.snakeCase(once)).isEqualTo(once);
    }
}
