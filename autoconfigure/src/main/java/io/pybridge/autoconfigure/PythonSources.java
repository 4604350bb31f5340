package io.pybridge.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;

/**
 * Makes the application's Python sources (by default {@code classpath:python/}) a directory
 * Python can import from. A location on the file system (an IDE or {@code mvn spring-boot:run})
 * is used in place, so edits show up; one inside a jar, including the nested jars of an
 * executable Spring Boot jar, is copied once to a temporary directory deleted at JVM exit.
 */
final class PythonSources {

    private final ResourcePatternResolver resolver;

    PythonSources(ResourcePatternResolver resolver) {
        this.resolver = resolver;
    }

    /** The directory to put on sys.path, or empty if the location holds nothing. */
    Optional<Path> directory(String location) {
        String base = location.endsWith("/") ? location : location + "/";
        try {
            Resource root = resolver.getResource(base);
            if (!root.exists()) {
                return Optional.empty();
            }
            if (root.isFile()) {
                return Optional.of(root.getFile().toPath());
            }
            return Optional.of(unpack(root, base));
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read the Python sources at " + location, ex);
        }
    }

    private Path unpack(Resource root, String base) throws IOException {
        Path target = Files.createTempDirectory("pybridge-python-");
        deleteOnExit(target);
        String rootUrl = root.getURL().toString();
        String pattern = base.startsWith("classpath:") ? "classpath*:" + base.substring("classpath:".length()) + "**"
                : base + "**";
        for (Resource resource : resolver.getResources(pattern)) {
            String url = resource.getURL().toString();
            if (!url.startsWith(rootUrl) || url.endsWith("/") || !resource.isReadable()) {
                continue;
            }
            Path file = target.resolve(url.substring(rootUrl.length())).normalize();
            if (!file.startsWith(target)) {
                continue; // never write outside the target directory
            }
            Files.createDirectories(file.getParent());
            try (InputStream in = resource.getInputStream()) {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return target;
    }

    private static void deleteOnExit(Path directory) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
            catch (IOException ignored) {
                // best effort: it is a temporary directory
            }
        }, "pybridge-python-sources-cleanup"));
    }
}
