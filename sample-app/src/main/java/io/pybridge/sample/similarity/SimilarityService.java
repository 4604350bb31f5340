package io.pybridge.sample.similarity;

import io.pybridge.core.PythonOperations;
import org.springframework.stereotype.Service;

/**
 * The similarity feature's only access to Python: {@code text_similarity.ratio} in
 * {@code src/main/resources/python/text_similarity.py}.
 */
@Service
public class SimilarityService {

    private final PythonOperations python;

    public SimilarityService(PythonOperations python) {
        this.python = python;
    }

    /** difflib's similarity ratio of {@code a} and {@code b}, between 0.0 and 1.0. */
    public SimilarityResponse compare(String a, String b) {
        double ratio = python.callForObject("text_similarity", "ratio", Double.class, a, b);
        return new SimilarityResponse(ratio);
    }
}
