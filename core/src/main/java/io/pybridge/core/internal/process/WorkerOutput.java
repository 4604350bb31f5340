package io.pybridge.core.internal.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Reads a worker's stderr on a thread of its own, until the process ends. Lines the worker marks
 * (U+001E, level, the number of the call it was running or 0, logger, the message as a JSON
 * string: its logging records, print()s) go to the sink as they are, with that call's caller
 * context restored ({@link CallContexts}); any other line (a C library's output, the fault handler's dump of a crash) goes
 * as {@code stderr} at WARNING and is kept among the last {@value #KEPT} for the exception of a
 * call the process dies in.
 */
final class WorkerOutput implements Runnable {

    private static final int KEPT = 40;

    /** Where a worker's lines go: the runtime's log sink, tagged with the worker's name. */
    interface Sink {
        void log(int pythonLevel, String logger, String message, String worker);
    }

    private final String worker;

    private final InputStream stderr;

    private final Sink sink;

    private final ArrayDeque<String> tail = new ArrayDeque<>();

    private final CountDownLatch ended = new CountDownLatch(1);

    private final CallContexts contexts;

    WorkerOutput(String worker, InputStream stderr, Sink sink, CallContexts contexts) {
        this.worker = worker;
        this.stderr = stderr;
        this.sink = sink;
        this.contexts = contexts;
    }

    @Override
    public void run() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                handle(line);
            }
        }
        catch (IOException ignored) {
            // the process ended or the runtime closed the stream
        }
        finally {
            ended.countDown();
        }
    }

    void handle(String line) {
        if (!line.isEmpty() && line.charAt(0) == '\u001e') {
            int levelEnd = line.indexOf('\u001f');
            int callEnd = levelEnd < 0 ? -1 : line.indexOf('\u001f', levelEnd + 1);
            int loggerEnd = callEnd < 0 ? -1 : line.indexOf('\u001f', callEnd + 1);
            if (loggerEnd > 0) {
                try {
                    int level = Integer.parseInt(line, 1, levelEnd, 10);
                    long call = Long.parseLong(line, levelEnd + 1, callEnd, 10);
                    String logger = line.substring(callEnd + 1, loggerEnd);
                    String message = JsonText.unquote(line, loggerEnd + 1);
                    try (var scope = contexts.restore(call)) {
                        sink.log(level, logger, message, worker);
                    }
                    return;
                }
                catch (RuntimeException malformed) {
                    // logged as a plain line below
                }
            }
        }
        synchronized (tail) {
            if (tail.size() == KEPT) {
                tail.removeFirst();
            }
            tail.addLast(line);
        }
        sink.log(30, "stderr", line, worker);
    }

    /** Waits until the stream ended (the process is gone and everything it wrote was read). */
    void awaitEnd(long millis) {
        try {
            ended.await(millis, TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last plain lines, joined. */
    String tail() {
        synchronized (tail) {
            return String.join("\n", tail);
        }
    }
}
