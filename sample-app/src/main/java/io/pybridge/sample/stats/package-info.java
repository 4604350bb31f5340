/**
 * The statistics endpoint, backed by a Python client.
 */
@NullMarked
package io.pybridge.sample.stats;

import org.jspecify.annotations.NullMarked;

