package io.pybridge.autoconfigure.reload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The {@code .py} files under some folders, each with its modification time and size: two
 * snapshots taken apart say which files were added, changed or deleted in between. Polling, not a
 * {@code WatchService}: it sees a folder's new sub-folders without registering them and behaves
 * the same on every platform, and walking a source tree of a few hundred files twice a second
 * costs a development machine nothing.
 */
final class SourceSnapshot {

    private record Stamp(Instant modified, long size) {
    }

    private final Map<Path, Stamp> files;

    private SourceSnapshot(Map<Path, Stamp> files) {
        this.files = files;
    }

    /** The {@code .py} files under {@code folders} now; a folder that does not exist has none. */
    static SourceSnapshot of(Iterable<Path> folders) {
        Map<Path, Stamp> files = new HashMap<>();
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(folder)) {
                walk.filter(SourceSnapshot::isSource).forEach(file -> stamp(file, files));
            }
            catch (NoSuchFileException | UncheckedIOException vanished) {
                // A file or folder deleted during the walk: the next snapshot sees it gone.
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        return new SourceSnapshot(files);
    }

    private static boolean isSource(Path file) {
        String name = file.getFileName().toString();
        // Editors write a file through hidden temporaries (.#x.py, .x.py.swp): not sources.
        return name.endsWith(".py") && !name.startsWith(".");
    }

    private static void stamp(Path file, Map<Path, Stamp> files) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (attributes.isRegularFile()) {
                files.put(file.toAbsolutePath(), new Stamp(attributes.lastModifiedTime().toInstant(), attributes.size()));
            }
        }
        catch (IOException vanished) {
            // Deleted between the listing and the read: absent from this snapshot.
        }
    }

    /** The files added, changed or deleted since {@code earlier}, sorted. */
    Set<Path> changedSince(SourceSnapshot earlier) {
        Set<Path> changed = new TreeSet<>();
        files.forEach((file, stamp) -> {
            if (!Objects.equals(earlier.files.get(file), stamp)) {
                changed.add(file);
            }
        });
        earlier.files.keySet().stream().filter(file -> !files.containsKey(file)).forEach(changed::add);
        return changed;
    }

    int size() {
        return files.size();
    }
}
