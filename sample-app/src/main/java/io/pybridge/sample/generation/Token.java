package io.pybridge.sample.generation;

/**
 * One word of generated text, as {@code text_generator.generate} yields it (a dict, read into
 * this record by its keys).
 *
 * @param index the word's position in the answer, from 0
 * @param text the word
 * @param producedAt when Python made the word, in seconds since the epoch
 */
public record Token(int index, String text, double producedAt) {
}
