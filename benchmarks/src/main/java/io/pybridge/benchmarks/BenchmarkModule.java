package io.pybridge.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A Python module of the benchmarks' resources copied into a temporary folder, so that every
 * interpreter (pooled ones, worker processes) imports it from {@code sys.path}.
 */
final class BenchmarkModule {

    private BenchmarkModule() {
    }

    /** A new temporary folder holding {@code <module>.py}. */
    static Path copied(String module) {
        try {
            Path folder = Files.createTempDirectory("pybridge-bench");
            try (InputStream source = BenchmarkModule.class.getResourceAsStream("/" + module + ".py")) {
                Files.copy(source, folder.resolve(module + ".py"));
            }
            return folder;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Deletes the folder and what Python cached in it. */
    static void delete(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
