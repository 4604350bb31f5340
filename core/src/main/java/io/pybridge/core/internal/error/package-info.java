/**
 * Internal: the one place Python exceptions cross into Java ({@link io.pybridge.core.internal.error.ExceptionTranslator}).
 */
@NullMarked
package io.pybridge.core.internal.error;

import org.jspecify.annotations.NullMarked;

