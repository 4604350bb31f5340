package io.pybridge.sample;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the sample API ({@code sample.*}).
 */
@ConfigurationProperties("sample")
public class SampleProperties {

    /**
     * Largest accepted JSON request body; larger ones get 413 before they reach Python.
     */
    private DataSize maxRequestSize = DataSize.ofMegabytes(1);

    /**
     * How long the stand-in language model of {@code /api/generate} takes per word.
     */
    private Duration tokenStep = Duration.ofMillis(50);

    public Duration getTokenStep() {
        return tokenStep;
    }

    public void setTokenStep(Duration tokenStep) {
        this.tokenStep = tokenStep;
    }

    public DataSize getMaxRequestSize() {
        return maxRequestSize;
    }

    public void setMaxRequestSize(DataSize maxRequestSize) {
        this.maxRequestSize = maxRequestSize;
    }
}
