package io.pybridge.sample.risk;

import io.pybridge.core.client.PythonCall;

/**
 * {@code portfolio_risk.py} as a Java interface. It names no interpreter: application.yml sends
 * its calls to the worker processes ({@code pybridge.clients.interpreter.riskClient: process}),
 * where numpy can run (it refuses sub-interpreters), two requests at once on two cores, and a
 * crash in C code ends one worker instead of the JVM.
 */
@PythonCall(module = "portfolio_risk")
public interface RiskClient {

    /**
     * The risk figures of {@code days} simulated daily returns of a portfolio holding
     * {@code weights}; the Python dict becomes the record, and the same arguments always give
     * the same answer.
     */
    RiskResponse simulate(double[] weights, long seed, int days);
}
