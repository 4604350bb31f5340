/**
 * Micrometer metrics and observations of Python calls, and their auto-configuration.
 */
@NullMarked
package io.pybridge.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;

