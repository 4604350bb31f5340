package io.pybridge.sample.generation;

import io.pybridge.sample.SampleProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;

/**
 * {@code GET /api/generate?prompt=the+service&maxTokens=20}: the words of a generated answer as
 * Server-Sent Events ({@code text/event-stream}), each event's data a {@link Token} in JSON, sent
 * as soon as Python yields it. Spring MVC subscribes to the {@code Flux} and asks for the next
 * word once the last was written, so a slow client slows the generator instead of piling words
 * up; a client that goes away cancels the {@code Flux}, which closes the Python generator.
 */
@RestController
@RequestMapping("/api/generate")
public class GenerationController {

    /** Most words one request may ask for. */
    static final int MAX_TOKENS = 200;

    private final TextGeneratorClient generator;

    private final SampleProperties properties;

    public GenerationController(TextGeneratorClient generator, SampleProperties properties) {
        this.generator = generator;
        this.properties = properties;
    }

    @GetMapping(produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public Flux<Token> generate(@RequestParam String prompt, @RequestParam(defaultValue = "20") int maxTokens) {
        if (maxTokens < 1 || maxTokens > MAX_TOKENS) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "maxTokens must be between 1 and " + MAX_TOKENS + ", got " + maxTokens);
        }
        return generator.generate(prompt, maxTokens, properties.getTokenStep().toNanos() / 1e9);
    }
}
