package io.pybridge.core.runtime;

import org.jspecify.annotations.Nullable;

/**
 * One worker process as health and metrics see it, at one moment.
 *
 * @param name its name in health, metrics and logs ({@code process-1}); a replacement keeps the name
 * @param pid the running process's id, or -1 while none runs (being replaced)
 * @param alive whether a process runs in this place and is ready for calls
 * @param restarts how many times a process in this place was replaced (crashes, kills, recycling)
 * @param calls calls it has run (all processes in this place)
 * @param inFlight 1 while it runs a call, else 0
 * @param residentBytes its resident memory when last measured (every half second), or 0
 * @param lastEnd how the last process in this place ended, in words, or null if none has
 */
public record WorkerProcessSnapshot(String name, long pid, boolean alive, long restarts, long calls, int inFlight,
        long residentBytes, @Nullable String lastEnd) {
}
