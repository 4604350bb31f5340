package io.pybridge.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.PythonTemplate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/risk}: numpy in a worker process gives the answer the same function gives in
 * the application's main interpreter (numpy imports there too), the same input always the same
 * answer, and requests Python should never see are refused before it.
 */
@SampleAppTest
class RiskEndpointTests {

    @LocalServerPort
    int port;

    @Autowired
    PythonTemplate python;

    @Test
    void aWorkerAnswersWhatTheMainInterpreterComputesAndAlwaysTheSame() {
        ApiClient api = new ApiClient(port);
        String body = "{\"weights\": [0.5, 0.3, 0.2], \"seed\": 7, \"days\": 1000}";
        ApiClient.Response first = api.post("/api/risk", body);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        for (int i = 0; i < 4; i++) {
            assertThat(api.post("/api/risk", body).json()).isEqualTo(first.json());
        }
        // In-process, in the main interpreter: the same numpy and OpenBLAS, so the same doubles.
        Map<?, ?> inProcess = (Map<?, ?>) python.call("portfolio_risk", "simulate", List.of(0.5, 0.3, 0.2), 7L, 1000L);
        JsonNode answer = first.json();
        assertThat(answer.get("finalValue").doubleValue()).isEqualTo(inProcess.get("final_value"));
        assertThat(answer.get("annualVolatility").doubleValue()).isEqualTo(inProcess.get("annual_volatility"));
        assertThat(answer.get("valueAtRisk95").doubleValue()).isEqualTo(inProcess.get("value_at_risk95"));
        assertThat(answer.get("expectedShortfall95").doubleValue()).isEqualTo(inProcess.get("expected_shortfall95"));
        assertThat(answer.get("maxDrawdown").doubleValue()).isEqualTo(inProcess.get("max_drawdown"));
        assertThat(answer.get("valueAtRisk95").doubleValue()).isPositive();
        assertThat(answer.get("expectedShortfall95").doubleValue())
                .isGreaterThanOrEqualTo(answer.get("valueAtRisk95").doubleValue());
        // Scaled weights: the same portfolio in other units.
        assertThat(api.post("/api/risk", "{\"weights\": [5, 3, 2], \"seed\": 7, \"days\": 1000}").json())
                .isEqualTo(answer);
    }

    @Test
    void inputPythonShouldNotSeeIsA400() {
        ApiClient api = new ApiClient(port);
        ApiClient.Response zero = api.post("/api/risk", "{\"weights\": [0, 0], \"seed\": 1, \"days\": 10}");
        assertThat(zero.status()).isEqualTo(400);
        assertThat(zero.json().get("detail").stringValue()).isEqualTo("weights must hold at least one positive weight");
        ApiClient.Response invalid = api.post("/api/risk", "{\"weights\": [1, -1], \"seed\": 1, \"days\": 0}");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().get("detail").stringValue())
                .contains("weights[1] must not be negative", "days must be at least 1");
        assertThat(api.post("/api/risk", "{\"weights\": [], \"seed\": 1, \"days\": 10}").status()).isEqualTo(400);
        assertThat(api.post("/api/risk", "{\"weights\": [1], \"seed\": 1, \"days\": 100001}").status()).isEqualTo(400);
        assertThat(api.post("/api/risk", "{\"weights\": [1], \"days\": 10}").status()).isEqualTo(400);
    }
}
