/**
 * Jackson support: {@link io.pybridge.autoconfigure.jackson.PythonJacksonModule} writes
 * {@code PythonObject} and {@code NdArray} values in JSON responses, registered by
 * {@link io.pybridge.autoconfigure.jackson.PythonJacksonAutoConfiguration}.
 */
@NullMarked
package io.pybridge.autoconfigure.jackson;

import org.jspecify.annotations.NullMarked;
