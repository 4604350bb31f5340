/**
 * resilience4j guards (time limit, bulkhead, circuit breaker, retry) around client calls.
 */
@NullMarked
package io.pybridge.autoconfigure.resilience;

import org.jspecify.annotations.NullMarked;

