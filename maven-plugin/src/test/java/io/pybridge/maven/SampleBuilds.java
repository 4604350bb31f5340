package io.pybridge.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * What the integration tests share to build a sample project of {@code src/it} with this
 * plugin: a copy of the project with this build's version in its pom, a local repository of its
 * own holding this build's artifacts (copied from the reactor's {@code target} folders, never
 * installed into the user's repository) with the user's repository behind it, read-only, for
 * everything else ({@code maven.repo.local.tail}), and the Maven wrapper run as a process.
 */
final class SampleBuilds {

    static final Path ROOT = Path.of(System.getProperty("pybridge.it.rootDirectory", "..")).toAbsolutePath().normalize();

    static final String VERSION = System.getProperty("pybridge.it.version", "0.1.0-SNAPSHOT");

    /** The result of a process: its exit code (-1 on the hang guard) and its merged output. */
    record Result(int exit, String output) {
    }

    private SampleBuilds() {
    }

    /** Copies {@code src/it/<name>} to {@code project} (emptied first), with this build's version in its pom. */
    static void copySample(String name, Path project) throws IOException {
        deleteTree(project);
        copyTree(Path.of("src", "it", name), project);
        Path pom = project.resolve("pom.xml");
        Files.writeString(pom, Files.readString(pom).replace("@pybridge.version@", VERSION));
    }

    /** Puts the artifacts a sample needs (parent, core, embedded CPython, this plugin) into {@code repository}. */
    static void installArtifacts(Path repository) throws IOException {
        install(repository, "pybridge-parent", ROOT.resolve("pom.xml"), null);
        install(repository, "pybridge-core", ROOT.resolve("core/pom.xml"), ROOT.resolve("core/target/pybridge-core-" + VERSION + ".jar"));
        install(repository, "pybridge-python-embedded", ROOT.resolve("python-embedded/pom.xml"),
                ROOT.resolve("python-embedded/target/pybridge-python-embedded-" + VERSION + ".jar"));
        install(repository, "pybridge-maven-plugin", ROOT.resolve("maven-plugin/pom.xml"),
                ROOT.resolve("maven-plugin/target/pybridge-maven-plugin-" + VERSION + ".jar"));
    }

    /** Runs the wrapper on {@code project} with its own repository and the given cache folder for the embedded CPython. */
    static Result maven(Path project, Path repository, Path cache, Path log, long minutes, String... arguments)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("mvnw").toString(), "-B", "-f",
                project.resolve("pom.xml").toString(), "-Dmaven.repo.local=" + repository,
                "-Dmaven.repo.local.tail=" + System.getProperty("pybridge.it.localRepository",
                        Path.of(System.getProperty("user.home"), ".m2", "repository").toString()),
                "-Dpybridge.cacheDir=" + cache));
        command.addAll(List.of(arguments));
        return start(command, project.getParent(), cache, log, minutes);
    }

    /** Runs {@code command} in {@code directory}, its output to {@code log} (kept per run for a failing build's report). */
    static Result start(List<String> command, Path directory, Path cache, Path log, long minutes) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("PYBRIDGE_CACHE_DIR", cache.toString());
        builder.environment().remove("PYBRIDGE_PYTHON");
        builder.environment().remove("PYBRIDGE_PYTHON_LIBRARY");
        builder.environment().remove("MAVEN_ARGS");
        // Hermetic: no pip settings of this machine (an index, extra find-links) reach the build.
        builder.environment().keySet().removeIf(name -> name.startsWith("PIP_"));
        builder.environment().put("PIP_CONFIG_FILE", "/dev/null");
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            return new Result(-1, "timed out after " + minutes + " min:\n" + Files.readString(log));
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.copy(log, log.resolveSibling(log.getFileName() + "." + System.nanoTime()), StandardCopyOption.REPLACE_EXISTING);
        return new Result(process.exitValue(), output);
    }

    /** Puts one of this build's artifacts into the sample's repository, laid out as {@code mvn install} would. */
    private static void install(Path repository, String artifactId, Path pom, @Nullable Path jar) throws IOException {
        Path folder = Files.createDirectories(repository.resolve("io/pybridge").resolve(artifactId).resolve(VERSION));
        Files.copy(pom, folder.resolve(artifactId + "-" + VERSION + ".pom"), StandardCopyOption.REPLACE_EXISTING);
        if (jar != null) {
            assertThat(jar).as("built by the reactor before this test").exists();
            Files.copy(jar, folder.resolve(artifactId + "-" + VERSION + ".jar"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                }
                else {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
