package io.pybridge.sample.generation;

import io.pybridge.core.PythonInterpreter;
import io.pybridge.core.client.Keyword;
import io.pybridge.core.client.PythonCall;
import reactor.core.publisher.Flux;

/**
 * {@code text_generator.py}'s generator as a {@link Flux}: each subscription calls the Python
 * function again, and each word is fetched from the generator when the subscriber asks for it,
 * on a Reactor worker thread. It runs in the pool of sub-interpreters (the main interpreter on
 * Python 3.11), so a long answer never keeps the statistics endpoint waiting.
 */
@PythonCall(module = "text_generator", interpreter = PythonInterpreter.POOL)
public interface TextGeneratorClient {

    /**
     * The words of an answer to {@code prompt}, one item per word.
     *
     * @param maxTokens how many words (Python's {@code max_tokens}: keywords are sent in snake_case)
     * @param stepSeconds how long the stand-in model takes per word (Python's {@code step_seconds})
     */
    Flux<Token> generate(String prompt, @Keyword int maxTokens, @Keyword double stepSeconds);
}
