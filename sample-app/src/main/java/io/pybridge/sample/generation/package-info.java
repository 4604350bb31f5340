/**
 * The text-generation endpoint: a Python generator streamed to the browser as Server-Sent
 * Events, one event per word as the generator yields it.
 */
@NullMarked
package io.pybridge.sample.generation;

import org.jspecify.annotations.NullMarked;
