/**
 * A CPython that comes with the application: {@link io.pybridge.embedded.RelocatableCPython},
 * found by pybridge-core through {@link io.pybridge.core.runtime.BundledPython} when no Python
 * is configured, unpacked once into a cache folder and booted from there.
 */
@NullMarked
package io.pybridge.embedded;

import org.jspecify.annotations.NullMarked;
