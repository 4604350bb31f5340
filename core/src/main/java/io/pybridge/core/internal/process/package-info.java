/**
 * Internal: worker processes, CPython processes of their own that run Python calls and talk to
 * Java over a pipe. Values cross as a wire tree ({@link io.pybridge.core.internal.process.WireTree})
 * converted by the same rules as in-process conversion.
 */
@NullMarked
package io.pybridge.core.internal.process;

import org.jspecify.annotations.NullMarked;
