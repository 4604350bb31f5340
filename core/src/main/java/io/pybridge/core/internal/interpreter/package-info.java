/**
 * Internal: the booted interpreter. Boot and shutdown ({@link io.pybridge.core.internal.interpreter.EmbeddedPython}), the call funnel, sessions, lookups and caches, handles and Java callables.
 */
@NullMarked
package io.pybridge.core.internal.interpreter;

import org.jspecify.annotations.NullMarked;

