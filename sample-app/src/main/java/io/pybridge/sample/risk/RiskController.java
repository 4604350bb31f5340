package io.pybridge.sample.risk;

import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /api/risk}: {@code {"weights": [0.5, 0.3, 0.2], "seed": 7, "days": 1000}} →
 * {@code {"finalValue": ..., "annualVolatility": ..., "valueAtRisk95": ..., "expectedShortfall95": ...,
 * "maxDrawdown": ...}}, simulated by numpy in a worker process.
 */
@RestController
@RequestMapping("/api/risk")
public class RiskController {

    private final RiskClient risk;

    public RiskController(RiskClient risk) {
        this.risk = risk;
    }

    @PostMapping
    public RiskResponse simulate(@Valid @RequestBody RiskRequest request) {
        double[] weights = request.weights().stream().mapToDouble(Double::doubleValue).toArray();
        double total = 0;
        for (int i = 0; i < weights.length; i++) {
            if (!Double.isFinite(weights[i])) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                        "weights[" + i + "] must be a finite number, got " + weights[i]);
            }
            total += weights[i];
        }
        if (total <= 0) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "weights must hold at least one positive weight");
        }
        return risk.simulate(weights, request.seed(), request.days());
    }
}
