package io.pybridge.sample.risk;

/**
 * Answer of {@code POST /api/risk}, from the dict {@code portfolio_risk.simulate} returns (its
 * snake_case keys fill these components).
 *
 * @param finalValue the portfolio's value at the end, starting from 1.0
 * @param annualVolatility the daily returns' sample standard deviation, scaled to 252 trading days
 * @param valueAtRisk95 the daily loss exceeded on 5% of the days (a positive number is a loss)
 * @param expectedShortfall95 the mean loss on those 5% of days
 * @param maxDrawdown the largest fall from a peak, as a fraction of that peak
 */
public record RiskResponse(double finalValue, double annualVolatility, double valueAtRisk95, double expectedShortfall95,
        double maxDrawdown) {
}
