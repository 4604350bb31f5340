package io.pybridge.autoconfigure.reload;

import io.pybridge.core.PythonRuntime;
import io.pybridge.core.exception.PythonException;
import io.pybridge.core.exception.PythonSyntaxException;
import io.pybridge.core.runtime.SourceReload;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * Watches the application's Python source folders and, once a change has settled, has the
 * runtime run the changed files again in every interpreter ({@link PythonRuntime#reloadSources}),
 * logging what was reloaded and, for a file that does not load, the error with its line and caret.
 *
 * <p>One daemon thread polls ({@link SourceSnapshot}) every poll interval. Changes are collected
 * until a poll sees nothing new for the quiet period, so an editor's save in several writes, or
 * a build copying many files, becomes one reload, of the files as they ended up.
 *
 * <p>The interpreter outlives the context (a DevTools restart, when a class changed too, closes
 * this watcher and starts another), so what the interpreter has been given is kept per JVM:
 * a watcher starts from the files as the last reload (or the first watcher) saw them, and
 * reloads at once what changed while no watcher ran.
 */
public final class PythonSourceWatcher implements SmartLifecycle {

    private static final Log logger = LogFactory.getLog(PythonSourceWatcher.class);

    /** Per set of folders, the files as the interpreters last loaded them: outlives contexts. */
    private static final Map<List<Path>, SourceSnapshot> LOADED = new ConcurrentHashMap<>();

    private final PythonRuntime runtime;

    private final List<Path> folders;

    private final Duration pollInterval;

    private final Duration quietPeriod;

    private volatile @Nullable Thread thread;

    /**
     * @param folders the folders to watch, each on the runtime's python path
     * @param pollInterval how often the folders are looked at
     * @param quietPeriod how long no further change must be seen before the reload
     */
    public PythonSourceWatcher(PythonRuntime runtime, List<Path> folders, Duration pollInterval, Duration quietPeriod) {
        this.runtime = runtime;
        this.folders = List.copyOf(folders);
        this.pollInterval = pollInterval;
        this.quietPeriod = quietPeriod;
    }

    /** The folders watched. */
    public List<Path> folders() {
        return folders;
    }

    @Override
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        if (folders.isEmpty()) {
            logger.info("Live Python reload is on, but no Python source folder is on the file system to watch");
            return;
        }
        SourceSnapshot first = SourceSnapshot.of(folders);
        @Nullable SourceSnapshot loaded = LOADED.putIfAbsent(folders, first);
        Set<Path> missed = loaded == null ? Set.of() : first.changedSince(loaded);
        Thread watcher = new Thread(() -> watch(first, missed), "pybridge-source-watcher");
        watcher.setDaemon(true);
        thread = watcher;
        watcher.start();
        logger.info("Live Python reload on: watching " + folders + " (" + first.size()
                + " .py files); a changed file runs again in every interpreter at the next call");
    }

    @Override
    public synchronized void stop() {
        Thread watcher = thread;
        thread = null;
        if (watcher != null) {
            watcher.interrupt();
            try {
                // A reload in progress ends with its current interpreter's call; it is short.
                watcher.join(Duration.ofSeconds(10).toMillis());
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }

    private void watch(SourceSnapshot first, Set<Path> missed) {
        SourceSnapshot last = first;
        Set<Path> pending = new TreeSet<>();
        long lastChange = System.nanoTime();
        if (!missed.isEmpty()) {
            if (reload(missed)) {
                LOADED.put(folders, first);
            }
            else {
                pending.addAll(missed);
            }
        }
        while (thread == Thread.currentThread()) {
            try {
                Thread.sleep(pollInterval.toMillis());
            }
            catch (InterruptedException stopped) {
                return;
            }
            SourceSnapshot now;
            try {
                now = SourceSnapshot.of(folders);
            }
            catch (RuntimeException ex) {
                logger.warn("Could not look at the Python sources in " + folders + ": " + ex.getMessage());
                continue;
            }
            Set<Path> changed = now.changedSince(last);
            last = now;
            if (!changed.isEmpty()) {
                pending.addAll(changed);
                lastChange = System.nanoTime();
            }
            else if (!pending.isEmpty() && System.nanoTime() - lastChange >= quietPeriod.toNanos()) {
                if (reload(Set.copyOf(pending))) {
                    pending.clear();
                    LOADED.put(folders, now);
                }
                else {
                    // Tried again after the next quiet period; reloading twice is harmless.
                    lastChange = System.nanoTime();
                }
            }
        }
    }

    /**
     * Reloads {@code changed}; false when the runtime could not run the reload in every
     * interpreter (busy past the acquire timeout, closing, this thread interrupted), so that it
     * is tried again: an interpreter left out would keep the old code with nothing to say so.
     */
    private boolean reload(Set<Path> changed) {
        String files = changed.stream().map(this::shortName).sorted().collect(Collectors.joining(", "));
        SourceReload reload;
        try {
            reload = runtime.reloadSources(changed);
        }
        catch (RuntimeException ex) {
            logger.warn("Python sources changed (" + files + ") but were not reloaded in every interpreter; trying "
                    + "again: " + ex.getMessage());
            return false;
        }
        if (!reload.reloadedModules().isEmpty()) {
            logger.info("Reloaded Python module(s) " + String.join(", ", reload.reloadedModules()) + " in "
                    + reload.interpreters() + " after a change to " + files);
        }
        else if (reload.succeeded()) {
            logger.info("Python sources changed (" + files + "); no interpreter had imported them yet, "
                    + "so the next import reads them as they are");
        }
        for (PythonException failure : reload.failures()) {
            logger.warn("A changed Python module did not load; it keeps running its previous code until the "
                    + "file is fixed:" + System.lineSeparator() + described(failure));
        }
        return true;
    }

    /**
     * A syntax error as the file, line, source line and caret, without the traceback that
     * follows: its frames are importlib's, reading the file, not the application's.
     */
    static String described(PythonException failure) {
        String message = failure.getMessage();
        if (!(failure instanceof PythonSyntaxException)) {
            return message;
        }
        int traceback = message.indexOf("Traceback (most recent call last):");
        return traceback > 0 ? message.substring(0, traceback).stripTrailing() : message;
    }

    private String shortName(Path file) {
        for (Path folder : folders) {
            if (file.startsWith(folder.toAbsolutePath())) {
                return folder.toAbsolutePath().relativize(file).toString();
            }
        }
        return file.toString();
    }
}
