package io.pybridge.sample.stats;

import jakarta.validation.Valid;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /api/stats}: {@code {"values": [1, 2, 3, 4]}} →
 * {@code {"mean": 2.5, "median": 2.5, "stdev": 1.2909944487358056}}.
 */
@RestController
@RequestMapping("/api/stats")
public class StatsController {

    private final StatsService stats;

    public StatsController(StatsService stats) {
        this.stats = stats;
    }

    @PostMapping
    public StatsResponse describe(@Valid @RequestBody StatsRequest request) {
        return stats.describe(toArray(request.values()));
    }

    /** The values as doubles, refusing too many and non-finite ones (e.g. 1e999 reads as infinity). */
    private static double[] toArray(List<Double> values) {
        if (values.size() > StatsRequest.MAX_VALUES) {
            throw new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE, "values has " + values.size()
                    + " numbers; at most " + StatsRequest.MAX_VALUES + " are accepted");
        }
        double[] array = new double[values.size()];
        for (int i = 0; i < array.length; i++) {
            double value = values.get(i);
            if (!Double.isFinite(value)) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                        "values[" + i + "] must be a finite number (a double), got " + value);
            }
            array[i] = value;
        }
        return array;
    }
}
