package io.pybridge.sample.similarity;

import io.pybridge.core.client.PythonCall;

/**
 * {@code text_similarity.py} as a Java interface. Guarded by the resilience4j instances named
 * {@code similarityClient} in application.yml: a time limit that stops difflib if two long texts
 * make it run too long, so one request cannot hold the interpreter for everyone.
 */
@PythonCall(module = "text_similarity")
public interface SimilarityClient {

    /** difflib's similarity ratio of {@code a} and {@code b}, between 0.0 and 1.0. */
    double ratio(String a, String b);
}
