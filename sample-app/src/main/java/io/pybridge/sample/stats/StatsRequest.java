package io.pybridge.sample.stats;

import jakarta.validation.constraints.NotNull;
import java.util.List;

/**
 * Body of {@code POST /api/stats}: {@code {"values": [numbers]}}. The JSON reader rejects
 * anything that is not a list of JSON numbers (strings are not coerced); Bean Validation rejects
 * a missing list and {@code null} items.
 */
public record StatsRequest(@NotNull(message = "is required") List<@NotNull(message = "must be a number, not null") Double> values) {

    /** Most values one request may carry. */
    public static final int MAX_VALUES = 100_000;
}
