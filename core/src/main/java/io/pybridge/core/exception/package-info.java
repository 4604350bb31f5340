/**
 * The exceptions pybridge throws, with {@link io.pybridge.core.exception.PythonError}, the plain-data form of a Python exception.
 * The bottom layer: imports nothing else of pybridge.
 */
@NullMarked
package io.pybridge.core.exception;

import org.jspecify.annotations.NullMarked;

