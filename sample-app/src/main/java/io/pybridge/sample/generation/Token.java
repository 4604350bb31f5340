package io.pybridge.sample.generation;

/**
 * One word of generated text, as {@code text_generator.generate} yields it: a dict read by its
 * keys, Python's {@code produced_at_millis} read as {@code producedAtMillis} (pybridge maps
 * snake_case names to camelCase components), so the JSON the browser receives is camelCase like
 * the rest of the API.
 *
 * @param index the word's position in the answer, from 0
 * @param text the word
 * @param producedAtMillis when Python made the word, in milliseconds since the epoch
 */
public record Token(int index, String text, long producedAtMillis) {
}
