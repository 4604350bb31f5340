/**
 * The {@code python} health indicator and its auto-configuration.
 */
@NullMarked
package io.pybridge.autoconfigure.health;

import org.jspecify.annotations.NullMarked;

