package io.pybridge.sample.similarity;

import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/similarity}: {@code {"a": "kitten", "b": "sitting"}} →
 * {@code {"ratio": 0.6153846153846154}}.
 */
@RestController
@RequestMapping("/api/similarity")
public class SimilarityController {

    private final SimilarityService similarity;

    public SimilarityController(SimilarityService similarity) {
        this.similarity = similarity;
    }

    @PostMapping
    public SimilarityResponse compare(@Valid @RequestBody SimilarityRequest request) {
        return similarity.compare(request.a(), request.b());
    }
}
