package io.pybridge.sample.similarity;

import org.springframework.stereotype.Service;

/** The similarity feature: computed by Python through {@link SimilarityClient}. */
@Service
public class SimilarityService {

    private final SimilarityClient similarity;

    public SimilarityService(SimilarityClient similarity) {
        this.similarity = similarity;
    }

    /** difflib's similarity ratio of {@code a} and {@code b}, between 0.0 and 1.0. */
    public SimilarityResponse compare(String a, String b) {
        return new SimilarityResponse(similarity.ratio(a, b));
    }
}
