/**
 * Internal: the CPython C API, declared once in {@link io.pybridge.core.internal.capi.CApi} and bound by JNA direct mapping; C strings, out-parameter cells, native entry points and libc.
 * Depends on nothing of pybridge.
 */
@NullMarked
package io.pybridge.core.internal.capi;

import org.jspecify.annotations.NullMarked;

