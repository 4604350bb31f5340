package io.pybridge.sample;

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

    public DataSize getMaxRequestSize() {
        return maxRequestSize;
    }

    public void setMaxRequestSize(DataSize maxRequestSize) {
        this.maxRequestSize = maxRequestSize;
    }
}
