/**
 * pybridge's public API: {@link io.pybridge.core.PythonRuntime} (the embedded interpreter), {@link io.pybridge.core.PythonTemplate} and its operations, sessions and callbacks, {@link io.pybridge.core.PythonObject} handles and {@link io.pybridge.core.NdArray} arrays.
 * {@code PythonRuntime} is the one class here that reaches the implementation ({@code io.pybridge.core.internal}).
 */
@NullMarked
package io.pybridge.core;

import org.jspecify.annotations.NullMarked;

