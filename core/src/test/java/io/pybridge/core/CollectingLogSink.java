package io.pybridge.core;

import io.pybridge.core.runtime.PythonLogSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link PythonLogSink} that keeps what it receives, for assertions. */
public final class CollectingLogSink implements PythonLogSink {

    /** One received line. */
    public record Entry(int level, String logger, String message) {
    }

    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    @Override
    public void log(int pythonLevel, String logger, String message) {
        entries.add(new Entry(pythonLevel, logger, message));
    }

    @Override
    public int rootLevel() {
        return DEBUG;
    }

    public List<Entry> entries() {
        return entries;
    }
}
