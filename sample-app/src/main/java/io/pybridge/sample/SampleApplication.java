package io.pybridge.sample;

import io.pybridge.sample.similarity.SimilarityService;
import io.pybridge.sample.stats.StatsService;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * A small web service whose answers are computed by the embedded CPython interpreter that the
 * pybridge starter boots. Each feature keeps its Python access in one service class
 * ({@link StatsService}, {@link SimilarityService});
 * the Python code lives in {@code src/main/resources/python}.
 */
@SpringBootApplication
@EnableConfigurationProperties(SampleProperties.class)
public class SampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}
