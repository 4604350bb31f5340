package io.pybridge.autoconfigure.devtools;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.autoconfigure.devtools.app.DevToolsTestApplication;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real DevTools restart. DevTools turns itself off inside JUnit, so {@link DevToolsTestApplication}
 * runs in a child JVM as an IDE or {@code spring-boot:run} starts it: its classes in a directory
 * of their own (which DevTools' restart class loader loads and watches), everything else in jars
 * (pybridge too, as in an application's build). Each start prints a {@code DEVTOOLS-REPORT} line
 * ({@code RestartReport}); touching one of its class files makes DevTools restart the context.
 */
class DevToolsRestartTests {

    private static final String APPLICATION_PACKAGE = "io/pybridge/autoconfigure/devtools/app";

    private static final int RESTARTS = 3;

    /** Start and restarts take seconds each (CPython boots once); the limits only guard against a hang. */
    private static final long FIRST_START_LIMIT_SECONDS = 180;

    private static final long RESTART_LIMIT_SECONDS = 120;

    @TempDir
    Path work;

    @Test
    void restartsKeepTheInterpreterAndRebindClientsAndTemplateWithNothingLeft() throws Exception {
        Path applicationClasses = applicationClasses();
        Path log = Path.of("target", "devtools-restart.log").toAbsolutePath();
        Process child = start(applicationClasses, log);
        try {
            BlockingQueue<String> reports = reports(child, log);
            List<Map<String, String>> generations = new ArrayList<>();
            generations.add(next(reports, child, FIRST_START_LIMIT_SECONDS, log));
            for (int restart = 1; restart <= RESTARTS; restart++) {
                // A changed class: DevTools notices the newer time on its next poll and restarts.
                Path changed = applicationClasses.resolve(APPLICATION_PACKAGE).resolve("TripsService.class");
                Files.setLastModifiedTime(changed, FileTime.from(Instant.now().plusSeconds(restart)));
                generations.add(next(reports, child, RESTART_LIMIT_SECONDS, log));
            }

            Map<String, String> first = generations.get(0);
            assertThat(first.get("loaderType")).as("DevTools' restart class loader loads the application")
                    .isEqualTo("RestartClassLoader");
            for (int generation = 0; generation < generations.size(); generation++) {
                Map<String, String> report = generations.get(generation);
                assertThat(report).as("generation %d", generation + 1)
                        .containsEntry("generation", String.valueOf(generation + 1))
                        .containsEntry("celsius", "100.0")
                        .containsEntry("reading", "lab/21.5")
                        .containsEntry("mapped", "true")
                        .containsEntry("greeting", "hello_devtools")
                        .containsEntry("applied", "42")
                        .containsEntry("holder", "devtools_app")
                        // The same interpreter, its module imported once: no second boot.
                        .containsEntry("runtime", first.get("runtime"))
                        .containsEntry("token", first.get("token"))
                        // Back to the warmed-up baseline: nothing of an earlier context left in Python.
                        .containsEntry("threadStates", first.get("threadStates"))
                        .containsEntry("handles", first.get("handles"))
                        .containsEntry("javaFunctions", first.get("javaFunctions"))
                        .containsEntry("javaExceptions", first.get("javaExceptions"))
                        .containsEntry("pybridgeThreadsHoldingOldLoaders", "0");
                // The first generation's class loader stays reachable through what Spring Boot
                // and Jetty make once, from it (Boot's SpringApplicationShutdownHook, BindConverter's
                // shared instance, Jetty's ShutdownThread; seen in heap dumps, none from pybridge's
                // runtime); no later one may stay.
                assertThat(Integer.parseInt(report.get("oldLoadersAlive"))).as("generation %d: earlier class loaders "
                        + "still reachable", generation + 1).isLessThanOrEqualTo(1);
                if (generation > 0) {
                    assertThat(report.get("loader")).as("generation %d has a new restart class loader", generation + 1)
                            .isNotEqualTo(generations.get(generation - 1).get("loader"));
                }
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(output.lines().filter(line -> line.contains("started from"))).as(output).hasSize(1);
            assertThat(output.lines().filter(line -> line.contains("Reusing the running Python"))).hasSize(RESTARTS);
        }
        finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Live Python reload under DevTools: a saved {@code .py} is reloaded in the running
     * interpreter without a restart (DevTools is told to leave {@code python/**} alone), and the
     * next context, after a class change does restart, runs the new code too.
     */
    @Test
    void aChangedPythonFileIsReloadedWithoutARestart() throws Exception {
        Path applicationClasses = applicationClasses();
        Path log = Path.of("target", "devtools-reload.log").toAbsolutePath();
        Process child = start(applicationClasses, log);
        try {
            BlockingQueue<String> reports = reports(child, log);
            Map<String, String> first = next(reports, child, FIRST_START_LIMIT_SECONDS, log);
            assertThat(first).containsEntry("greeting", "hello_devtools");

            Path module = applicationClasses.resolve("python/devtools_app.py");
            Files.writeString(module, Files.readString(module, StandardCharsets.UTF_8).replace("'hello ' + name",
                    "'reloaded ' + name"), StandardCharsets.UTF_8);
            assertThat(awaitLine(log, "Reloaded Python module(s) devtools_app in [main]", RESTART_LIMIT_SECONDS))
                    .as("the reload is logged").isTrue();
            // DevTools polls every 300 ms here: a restart for the .py would have reported by now.
            assertThat(reports.poll(3, TimeUnit.SECONDS)).as("no restart for a changed .py").isNull();

            Path changed = applicationClasses.resolve(APPLICATION_PACKAGE).resolve("TripsService.class");
            Files.setLastModifiedTime(changed, FileTime.from(Instant.now().plusSeconds(1)));
            Map<String, String> second = next(reports, child, RESTART_LIMIT_SECONDS, log);
            assertThat(second).containsEntry("generation", "2").containsEntry("greeting", "reloaded_devtools")
                    .containsEntry("runtime", first.get("runtime"));
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(output.lines().filter(line -> line.contains("started from"))).as(output).hasSize(1);
        }
        finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Whether {@code text} appears in the child's log within {@code limitSeconds}. */
    private static boolean awaitLine(Path log, String text, long limitSeconds) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(limitSeconds);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(text)) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** The application's classes, copied from the test classes to a directory of their own, and its Python module. */
    private Path applicationClasses() throws IOException, URISyntaxException {
        Path testClasses = Path.of(DevToolsTestApplication.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path classes = Files.createDirectories(work.resolve("application"));
        Path target = Files.createDirectories(classes.resolve(APPLICATION_PACKAGE));
        try (Stream<Path> files = Files.list(testClasses.resolve(APPLICATION_PACKAGE))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path python = Files.createDirectories(classes.resolve("python"));
        Files.copy(testClasses.resolve("devtools-app/python/devtools_app.py"), python.resolve("devtools_app.py"));
        return classes;
    }

    private Process start(Path applicationClasses, Path log) throws IOException {
        List<String> classPath = new ArrayList<>();
        classPath.add(applicationClasses.toString());
        Path testClasses = applicationClasses.getFileSystem().getPath(DevToolsTestApplication.class.getProtectionDomain()
                .getCodeSource().getLocation().getPath());
        int jars = 0;
        for (String entry : testClassPath().split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (entry.isBlank() || path.equals(testClasses)) {
                continue; // the application comes from its own directory only
            }
            // DevTools restarts every directory of the class path: pybridge's own classes must
            // come from jars, as they do in an application's build.
            classPath.add(Files.isDirectory(path) ? jar(path, work.resolve("dependency-" + (jars++) + ".jar")).toString()
                    : entry);
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (Runtime.version().feature() >= 22) {
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        command.add("-Xmx256m");
        // RestartReport reads which class loaders pybridge's threads hold.
        command.add("--add-opens=java.base/java.lang=ALL-UNNAMED");
        command.add("--add-opens=java.base/java.security=ALL-UNNAMED");
        // Softly reachable objects (Spring's caches) go at every collection: what stays is held strongly.
        command.add("-XX:SoftRefLRUPolicyMSPerMB=0");
        command.add("-Dspring.devtools.restart.poll-interval=300ms");
        command.add("-Dspring.devtools.restart.quiet-period=100ms");
        command.add("-Dspring.devtools.livereload.enabled=false");
        command.add("-Dspring.main.keep-alive=true");
        command.add("-Dserver.port=0"); // Jetty is on this class path: never the shared 8080
        Path arguments = work.resolve("java-arguments");
        Files.writeString(arguments, "-cp \"" + String.join(File.pathSeparator, classPath) + "\"\n");
        command.add("@" + arguments);
        command.add(DevToolsTestApplication.class.getName());
        Files.createDirectories(log.getParent());
        Files.deleteIfExists(log);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // The module sits in the watched class folder: a __pycache__ written there by a late
        // import would be a class path change, and an extra restart, in the middle of the test.
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        return builder.start();
    }

    /** The report lines of the child, read as it prints them; everything it prints also goes to {@code log}. */
    private static BlockingQueue<String> reports(Process child, Path log) throws IOException {
        BlockingQueue<String> reports = new LinkedBlockingQueue<>();
        OutputStream file = Files.newOutputStream(log);
        Thread reader = new Thread(() -> {
            try (InputStream in = child.getInputStream();
                    BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                    PrintStream out = new PrintStream(file, true, StandardCharsets.UTF_8)) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    out.println(line);
                    if (line.startsWith("DEVTOOLS-REPORT ")) {
                        reports.add(line);
                    }
                }
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }, "devtools-child-output");
        reader.setDaemon(true);
        reader.start();
        return reports;
    }

    /** The next report, waiting at most {@code limitSeconds} (a hang guard), and no longer than the child lives. */
    private static Map<String, String> next(BlockingQueue<String> reports, Process child, long limitSeconds, Path log)
            throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(limitSeconds);
        String line = null;
        while (line == null && System.nanoTime() < deadline) {
            line = reports.poll(1, TimeUnit.SECONDS);
            if (line == null && !child.isAlive()) {
                line = reports.poll(1, TimeUnit.SECONDS);
                break;
            }
        }
        assertThat(line).as("a report within %d s from a live child; the child's output:%n%s", limitSeconds,
                Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "").isNotNull();
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : Objects.requireNonNull(line).substring("DEVTOOLS-REPORT ".length()).split(" ")) {
            int equals = pair.indexOf('=');
            values.put(pair.substring(0, equals), pair.substring(equals + 1));
        }
        return values;
    }

    /** The test class path surefire gave this JVM (its own class path is a manifest-only jar). */
    private static String testClassPath() {
        String path = System.getProperty("surefire.test.class.path");
        return path != null && !path.isBlank() ? path : System.getProperty("java.class.path");
    }

    /** A directory of the class path as a jar. */
    private static Path jar(Path directory, Path jar) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                    if (!dir.equals(directory)) {
                        out.putNextEntry(new JarEntry(directory.relativize(dir).toString().replace('\\', '/') + "/"));
                        out.closeEntry();
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    out.putNextEntry(new JarEntry(directory.relativize(file).toString().replace('\\', '/')));
                    Files.copy(file, out);
                    out.closeEntry();
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        return jar;
    }
}
