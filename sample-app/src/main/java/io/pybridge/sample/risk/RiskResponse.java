package io.pybridge.sample.risk;

import java.util.Map;

/**
 * Answer of {@code POST /api/risk}, from the dict {@code portfolio_risk.simulate} returns.
 *
 * @param finalValue the portfolio's value at the end, starting from 1.0
 * @param annualVolatility the daily returns' sample standard deviation, scaled to 252 trading days
 * @param valueAtRisk95 the daily loss exceeded on 5% of the days (a positive number is a loss)
 * @param expectedShortfall95 the mean loss on those 5% of days
 * @param maxDrawdown the largest fall from a peak, as a fraction of that peak
 */
public record RiskResponse(double finalValue, double annualVolatility, double valueAtRisk95, double expectedShortfall95,
        double maxDrawdown) {

    /**
     * The figures of {@code simulate}'s dict, by its snake_case keys.
     *
     * @throws IllegalStateException if a figure is missing
     */
    static RiskResponse of(Map<String, Double> figures) {
        return new RiskResponse(figure(figures, "final_value"), figure(figures, "annual_volatility"),
                figure(figures, "value_at_risk95"), figure(figures, "expected_shortfall95"), figure(figures, "max_drawdown"));
    }

    private static double figure(Map<String, Double> figures, String name) {
        Number value = figures.get(name);
        if (value == null) {
            throw new IllegalStateException("portfolio_risk.simulate returned no " + name + ": " + figures.keySet());
        }
        return value.doubleValue();
    }
}
