package io.pybridge.autoconfigure.devtools.app;

/** A value Python returns as a dict. */
public record Reading(String place, double value) {
}
