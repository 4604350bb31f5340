package io.pybridge.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * A small web service whose answers are computed by the embedded CPython interpreter that the
 * pybridge starter boots. Each feature keeps its Python access in one service class
 * ({@link io.pybridge.sample.stats.StatsService}, {@link io.pybridge.sample.similarity.SimilarityService});
 * the Python code lives in {@code src/main/resources/python}.
 */
@SpringBootApplication
@EnableConfigurationProperties(SampleProperties.class)
public class SampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}
