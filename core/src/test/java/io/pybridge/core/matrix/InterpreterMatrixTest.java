package io.pybridge.core.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.exception.PythonInitializationException;
import io.pybridge.core.internal.interpreter.PythonLocator;
import io.pybridge.core.runtime.PythonInstallation;
import io.pybridge.core.runtime.PythonRuntimeConfig;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs the core test suite again against every other CPython 3.11+ found on this machine and on
 * a JDK 21+ (for virtual threads), each in child JVMs, since CPython boots once per process.
 *
 * <p>Pythons are found by {@link TestPythons}; JDKs next to the running one and in
 * {@code PYBRIDGE_TEST_JDKS}.
 * Nothing is hard-coded. Free-threaded builds ({@code python3.13t}) found there are run like
 * the others. With {@code CI=true} a JDK 21+ must be found.
 */
@Tag("matrix")
class InterpreterMatrixTest {

    private static final Pattern NOT_APPLICABLE = Pattern.compile("(?m)^(\\d+) not applicable to this interpreter or JDK$");

    private static final Pattern SUMMARY = Pattern.compile("(?m)^(\\d+) passed, (\\d+) failed, (\\d+) skipped$");

    @Test
    void coreSuitePassesOnEveryInterpreterAndJdk() throws Exception {
        Map<Path, PythonInstallation> pythons = TestPythons.all();
        List<Jdk> jdks = jdks();
        Jdk current = Jdk.current();
        String defaultPython = String.valueOf(new PythonLocator(PythonRuntimeConfig.builder()
                .executable(blankToNull(System.getProperty("pybridge.test.python"))).build()).locate().library()
                .toRealPath());
        System.out.println("matrix: pythons " + pythons.values().stream()
                        .map(p -> p.version() + (p.freeThreaded() ? "t" : "")).toList()
                + ", JDKs " + jdks.stream().map(Jdk::feature).toList());
        if ("true".equals(System.getenv("CI"))) {
            assertThat(jdks).as("CI needs a JDK 21+ for the virtual-thread tests").anyMatch(j -> j.feature() >= 21);
        }
        List<String> isolated = isolatedTestClasses();
        List<String> report = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (PythonInstallation python : pythons.values()) {
            for (Jdk jdk : jdks) {
                boolean alreadyRun = jdk.home().equals(current.home())
                        && python.library().toRealPath().toString().equals(defaultPython);
                if (alreadyRun) {
                    continue;
                }
                String label = "python " + python.version() + (python.freeThreaded() ? " free-threaded" : "") + " ("
                        + python.executable() + ") on JDK " + jdk.feature();
                long begin = System.nanoTime();
                int[] totals = new int[3];
                List<List<String>> runs = new ArrayList<>();
                runs.add(List.of("suite"));
                isolated.forEach(name -> runs.add(List.of("class", name)));
                for (List<String> run : runs) {
                    Outcome outcome = runChild(jdk, python, run);
                    totals[0] += outcome.passed;
                    totals[1] += outcome.failed;
                    totals[2] += outcome.skipped;
                    if (!outcome.ok) {
                        failures.add(label + " " + run + ":\n" + outcome.tail);
                    }
                }
                if (jdk.feature() >= 21 && totals[2] > 0) {
                    failures.add(label + ": " + totals[2] + " test(s) skipped on a JDK that should run them all");
                }
                String line = String.format("%s: %d passed, %d failed, %d skipped (%d s)", label, totals[0], totals[1],
                        totals[2], TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - begin));
                System.out.println("matrix: " + line);
                report.add(line);
            }
        }
        boolean numpyVerified = false;
        try (Stream<Path> logs = Files.list(Path.of("target", "matrix"))) {
            for (Path log : logs.filter(f -> f.toString().endsWith(".log")).toList()) {
                numpyVerified |= Files.readString(log).contains("numpy round trips verified");
            }
        }
        System.out.println("matrix: numpy conversions verified on at least one interpreter: " + numpyVerified);
        if ("true".equals(System.getenv("CI"))) {
            failures.addAll(numpyVerified ? List.of()
                    : List.of("no interpreter with numpy ran the numpy tests (.ci/run installs python3-numpy)"));
        }
        Path summary = Path.of("target", "matrix", "summary.txt");
        Files.createDirectories(summary.getParent());
        Files.write(summary, report);
        assertThat(failures).as(String.join("\n\n", failures)).isEmpty();
    }

    private static Outcome runChild(Jdk jdk, PythonInstallation python, List<String> args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(jdk.home().resolve("bin/java").toString());
        if (jdk.feature() >= 22) {
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        command.add("-Dpybridge.test.python=" + python.executable());
        command.add("-Dpybridge.test.leak.calls=200000"); // the main run makes 10^6: see LeakTest
        command.add("-cp");
        command.add(testClassPath());
        command.add(SuiteLauncher.class.getName());
        command.addAll(args);
        Path log = Path.of("target", "matrix", (python.version() + (python.freeThreaded() ? "t" : "") + "-jdk" + jdk.feature() + "-"
                + String.join("-", args)).replaceAll("[^A-Za-z0-9.-]", "_") + ".log");
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = process.waitFor(10, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Matcher matcher = SUMMARY.matcher(output);
        Outcome outcome = new Outcome();
        while (matcher.find()) {
            outcome.passed = Integer.parseInt(matcher.group(1));
            outcome.failed = Integer.parseInt(matcher.group(2));
            outcome.skipped = Integer.parseInt(matcher.group(3));
        }
        Matcher declined = NOT_APPLICABLE.matcher(output);
        int notApplicable = 0;
        while (declined.find()) {
            notApplicable = Integer.parseInt(declined.group(1));
        }
        // A run counts when tests passed, or when its tests all declared they do not apply here.
        outcome.ok = finished && process.exitValue() == 0 && outcome.failed == 0
                && (outcome.passed > 0 || notApplicable > 0);
        outcome.tail = output.length() > 4000 ? output.substring(output.length() - 4000) : output;
        return outcome;
    }

    private static String testClassPath() {
        String path = System.getProperty("surefire.test.class.path");
        return path != null && !path.isBlank() ? path : System.getProperty("java.class.path");
    }

    /** The running JDK, plus the newest JDK 21+ beside it or in PYBRIDGE_TEST_JDKS. */
    private static List<Jdk> jdks() {
        Jdk current = Jdk.current();
        List<Path> homes = new ArrayList<>();
        Path parent = current.home().getParent();
        if (parent != null) {
            try (Stream<Path> siblings = Files.list(parent)) {
                siblings.forEach(homes::add);
            }
            catch (IOException ex) {
                System.out.println("matrix: cannot list " + parent + ": " + ex);
            }
        }
        String extra = System.getenv("PYBRIDGE_TEST_JDKS");
        if (extra != null) {
            for (String entry : extra.split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    homes.add(Path.of(entry));
                }
            }
        }
        Jdk newest = null;
        for (Path home : homes) {
            Optional<Jdk> jdk = Jdk.at(home);
            if (jdk.isPresent() && jdk.get().feature() >= 21 && (newest == null || jdk.get().feature() > newest.feature())) {
                newest = jdk.get();
            }
        }
        List<Jdk> result = new ArrayList<>();
        result.add(current);
        if (newest != null && !newest.home().equals(current.home())) {
            result.add(newest);
        }
        return result;
    }

    /** Test classes tagged "isolated": each needs a JVM of its own. */
    private static List<String> isolatedTestClasses() throws IOException, ClassNotFoundException {
        Path root = Path.of(InterpreterMatrixTest.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith("Test.class")).toList()) {
                String name = root.relativize(file).toString().replace(File.separatorChar, '.').replaceAll("\\.class$", "");
                Tag tag = Class.forName(name, false, InterpreterMatrixTest.class.getClassLoader()).getAnnotation(Tag.class);
                if (tag != null && tag.value().equals("isolated")) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static final class Outcome {
        int passed;
        int failed;
        int skipped;
        boolean ok;
        String tail;
    }

    /** A JDK installation and its feature release. */
    record Jdk(Path home, int feature) {

        static Jdk current() {
            try {
                return new Jdk(Path.of(System.getProperty("java.home")).toRealPath(), Runtime.version().feature());
            }
            catch (IOException ex) {
                throw new IllegalStateException(ex);
            }
        }

        static Optional<Jdk> at(Path home) {
            try {
                Path release = home.resolve("release");
                if (!Files.isExecutable(home.resolve("bin/java")) || !Files.isRegularFile(release)) {
                    return Optional.empty();
                }
                Matcher version = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)").matcher(Files.readString(release));
                return version.find() ? Optional.of(new Jdk(home.toRealPath(), Integer.parseInt(version.group(1))))
                        : Optional.empty();
            }
            catch (IOException ex) {
                return Optional.empty();
            }
        }
    }
}
