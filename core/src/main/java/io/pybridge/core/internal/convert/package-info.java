/**
 * Internal: Java to Python and Python to Java conversion, driven by {@link java.lang.reflect.Type}.
 */
@NullMarked
package io.pybridge.core.internal.convert;

import org.jspecify.annotations.NullMarked;

