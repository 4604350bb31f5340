/**
 * numpy for the embedded CPython: {@link io.pybridge.embedded.numpy.BytedecoNumpy}, found by
 * pybridge-core through {@link io.pybridge.core.runtime.BundledPackages}, unpacked once into the
 * cache folder with the OpenBLAS it links to, and put on {@code sys.path}.
 */
@NullMarked
package io.pybridge.embedded.numpy;

import org.jspecify.annotations.NullMarked;
