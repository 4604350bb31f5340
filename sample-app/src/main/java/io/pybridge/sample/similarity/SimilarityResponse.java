package io.pybridge.sample.similarity;

/**
 * Answer of {@code POST /api/similarity}.
 *
 * @param ratio {@code difflib.SequenceMatcher(None, a, b).ratio()}: 1.0 for identical texts,
 *     0.0 for texts with nothing in common
 */
public record SimilarityResponse(double ratio) {
}
