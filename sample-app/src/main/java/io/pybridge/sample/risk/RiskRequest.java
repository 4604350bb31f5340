package io.pybridge.sample.risk;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Body of {@code POST /api/risk}: {@code {"weights": [0.5, 0.3, 0.2], "seed": 7, "days": 1000}}.
 * The weights need not add up to 1 (they are scaled), but at least one must be positive. The
 * days are capped because each takes a round of Python, and a worker serves one request at a time.
 */
public record RiskRequest(
        @NotNull(message = "is required") @Size(min = 1, max = RiskRequest.MAX_ASSETS, message = "must hold {min} to {max} weights")
        List<@NotNull(message = "must be a number, not null") @PositiveOrZero(message = "must not be negative") Double> weights,
        @NotNull(message = "is required") @PositiveOrZero(message = "must not be negative") Long seed,
        @NotNull(message = "is required") @Min(value = 1, message = "must be at least {value}")
        @Max(value = RiskRequest.MAX_DAYS, message = "must be at most {value}") Integer days) {

    /** Most assets one portfolio may hold. */
    public static final int MAX_ASSETS = 50;

    /** Most days one simulation may run. */
    public static final int MAX_DAYS = 100_000;
}
