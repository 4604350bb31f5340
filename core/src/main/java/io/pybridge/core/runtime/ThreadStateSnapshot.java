package io.pybridge.core.runtime;

/**
 * Thread-state counts.
 *
 * @param live thread states that exist now (one per thread that called Python and has not been reaped)
 * @param created thread states created since start
 * @param reclaimed thread states of dead threads deleted since start
 */
public record ThreadStateSnapshot(int live, long created, long reclaimed) {
}
