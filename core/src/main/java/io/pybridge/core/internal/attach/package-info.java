/**
 * Internal: how Java threads get into Python. The {@link io.pybridge.core.internal.attach.CallGate} (permit, then GIL), persistent thread states, nesting, the workers for threads that must not run Python themselves, deferred decrefs and the housekeeping thread.
 */
@NullMarked
package io.pybridge.core.internal.attach;

import org.jspecify.annotations.NullMarked;

