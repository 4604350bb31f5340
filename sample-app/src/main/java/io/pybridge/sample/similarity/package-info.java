/**
 * The text-similarity endpoint, backed by a Python client.
 */
@NullMarked
package io.pybridge.sample.similarity;

import org.jspecify.annotations.NullMarked;

