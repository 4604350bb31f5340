package io.pybridge.sample.similarity;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/similarity}: {@code {"a": "text", "b": "text"}}. The texts are
 * capped because difflib's matching can take time quadratic in their length, and the Python
 * interpreter serves every request.
 */
public record SimilarityRequest(
        @NotNull(message = "is required") @Size(max = SimilarityRequest.MAX_LENGTH, message = "must be at most {max} characters long") String a,
        @NotNull(message = "is required") @Size(max = SimilarityRequest.MAX_LENGTH, message = "must be at most {max} characters long") String b) {

    /** Longest accepted text, in characters. */
    public static final int MAX_LENGTH = 10_000;
}
