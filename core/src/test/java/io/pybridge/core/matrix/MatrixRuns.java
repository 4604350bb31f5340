package io.pybridge.core.matrix;

import io.pybridge.core.runtime.PythonInstallation;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs pybridge-core's suite on one (Python, JDK) pair in child JVMs ({@link SuiteLauncher}: the
 * shared suite, then each isolated class), from this JVM's test class path. Used by
 * {@link InterpreterMatrixTest} for the Pythons of the machine and by other modules for the
 * Pythons they bring (the embedded CPython).
 */
public final class MatrixRuns {

    private static final Pattern NOT_APPLICABLE = Pattern.compile("(?m)^(\\d+) not applicable to this interpreter or JDK$");

    /** The start-up log line naming the binding ({@code PythonRuntime.start}). */
    private static final Pattern BINDING = Pattern.compile("started from .* \\(binding (FFM|JNA)\\)");

    private static final Pattern SUMMARY = Pattern.compile("(?m)^(\\d+) passed, (\\d+) failed, (\\d+) skipped$");

    /**
     * Whether a JDK 22+ run with JNA forced was made in this JVM already: that pair (JNA on a new
     * JDK) is checked once per matrix, on the first Python, since every Python runs on JNA on
     * JDK 17 anyway; {@code -Dpybridge.matrix.full=true} makes it run for every Python.
     */
    private static final java.util.concurrent.atomic.AtomicBoolean JNA_ON_NEW_JDK = new java.util.concurrent.atomic.AtomicBoolean();

    private MatrixRuns() {
    }

    /**
     * Runs the suite and {@code isolated} on {@code python} and {@code jdk}: on a JDK 22+ with the
     * binding chosen by default (which must be FFM), and, for the first Python of the matrix (every
     * one with {@code -Dpybridge.matrix.full=true}), again with JNA forced; before 22 once, on JNA. Adds what went wrong to {@code failures} and returns one summary line per run
     * ({@code N passed, N failed, N skipped}). On a JDK 21+ nothing may be skipped (aborted).
     */
    public static String run(Jdk jdk, PythonInstallation python, List<String> isolated, List<String> failures)
            throws IOException, InterruptedException {
        List<String> lines = new ArrayList<>();
        if (jdk.feature() >= 22 && !ffmBuilt()) {
            String missing = "pybridge-core was built without its FFM classes (no JDK 22+ at build time: see "
                    + "docs/building.md), so JDK " + jdk.feature() + " runs JNA only";
            System.out.println("matrix: " + missing);
            if ("true".equals(System.getenv("CI"))) {
                failures.add(missing);
            }
            lines.add(run(jdk, python, isolated, failures, "JNA", null));
        }
        else if (jdk.feature() >= 22) {
            lines.add(run(jdk, python, isolated, failures, "FFM", null));
            if (!JNA_ON_NEW_JDK.getAndSet(true) || Boolean.getBoolean("pybridge.matrix.full")) {
                lines.add(run(jdk, python, isolated, failures, "JNA", "jna"));
            }
        }
        else {
            lines.add(run(jdk, python, isolated, failures, "JNA", null));
        }
        return String.join("\n", lines);
    }

    /**
     * Another matrix (core's) covers JNA on a JDK 22+: this JVM's runs leave it out even for
     * their first Python (the embedded CPython's module, whose Python core's matrix does not see,
     * still runs it on JDK 17's JNA and on the new JDK's FFM).
     */
    public static void jnaOnNewJdkCoveredElsewhere() {
        JNA_ON_NEW_JDK.set(true);
    }

    /** Whether the pybridge-core under test carries its FFM classes (a class folder or the multi-release jar). */
    public static boolean ffmBuilt() {
        String name = "io/pybridge/core/internal/capi/FfmBinding.class";
        ClassLoader loader = MatrixRuns.class.getClassLoader();
        return loader.getResource(name) != null || loader.getResource("META-INF/versions/22/" + name) != null;
    }

    /**
     * One run on one binding.
     *
     * @param expected the binding every child JVM must report in its start-up log
     * @param forced the value of {@code -Dpybridge.native-binding}, or null for the default
     */
    private static String run(Jdk jdk, PythonInstallation python, List<String> isolated, List<String> failures,
            String expected, String forced) throws IOException, InterruptedException {
        String label = "python " + python.version() + (python.freeThreaded() ? " free-threaded" : "") + " ("
                + python.executable() + ") on JDK " + jdk.feature() + " with " + expected
                + (forced == null ? "" : " forced");
        long begin = System.nanoTime();
        int[] totals = new int[3];
        List<List<String>> runs = new ArrayList<>();
        runs.add(List.of("suite"));
        isolated.forEach(name -> runs.add(List.of("class", name)));
        for (List<String> run : runs) {
            Outcome outcome = runChild(jdk, python, run, expected, forced);
            totals[0] += outcome.passed;
            totals[1] += outcome.failed;
            totals[2] += outcome.skipped;
            if (!outcome.ok) {
                failures.add(label + " " + run + ":\n" + outcome.tail);
            }
            if (run.equals(List.of("suite")) && !outcome.sawBinding) {
                failures.add(label + " " + run + ": no runtime logged its binding");
            }
            if (outcome.wrongBinding != null) {
                failures.add(label + " " + run + ": the runtime started with " + outcome.wrongBinding
                        + (forced == null ? " (is pybridge-core built without its FFM classes? see docs/building.md)" : ""));
            }
        }
        if (jdk.feature() >= 21 && totals[2] > 0) {
            failures.add(label + ": " + totals[2] + " test(s) skipped on a JDK that should run them all");
        }
        String line = String.format("%s: %d passed, %d failed, %d skipped (%d s)", label, totals[0], totals[1],
                totals[2], TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - begin));
        System.out.println("matrix: " + line);
        return line;
    }

    private static Outcome runChild(Jdk jdk, PythonInstallation python, List<String> args, String expected,
            String forced) throws IOException, InterruptedException {
        Path log = Path.of("target", "matrix", (python.version() + (python.freeThreaded() ? "t" : "") + "-jdk"
                + jdk.feature() + "-" + expected.toLowerCase(java.util.Locale.ROOT) + "-" + String.join("-", args))
                .replaceAll("[^A-Za-z0-9.-]", "_") + ".log");
        List<String> jvmArgs = new ArrayList<>(List.of("-Dpybridge.test.python=" + python.executable(),
                "-Dpybridge.test.leak.calls=200000")); // the main run makes 10^6 leak-test calls: see LeakTest
        if (forced != null) {
            jvmArgs.add("-Dpybridge.native-binding=" + forced);
        }
        ChildJvm.Result child = ChildJvm.run(jdk, jvmArgs, SuiteLauncher.class.getName(), args, log, env -> { },
                Duration.ofMinutes(10));
        boolean finished = child.finished();
        String output = child.output();
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
        outcome.ok = finished && child.exitValue() == 0 && outcome.failed == 0
                && (outcome.passed > 0 || notApplicable > 0);
        outcome.tail = output.length() > 4000 ? output.substring(output.length() - 4000) : output;
        Matcher binding = BINDING.matcher(output);
        while (binding.find()) {
            outcome.sawBinding = true;
            if (!binding.group(1).equals(expected)) {
                outcome.wrongBinding = binding.group(1);
            }
        }
        return outcome;
    }

    /** The running JDK, plus the newest JDK 21+ beside it or in PYBRIDGE_TEST_JDKS. */
    public static List<Jdk> jdks() {
        MatrixRuns.Jdk current = MatrixRuns.Jdk.current();
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

    /**
     * The core test classes tagged "isolated" (each needs a JVM of its own), found by JUnit's own
     * discovery, so it works whether the tests are a folder or the core test-jar.
     */
    public static List<String> isolatedTestClasses() {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectPackage("io.pybridge.core"))
                .filters(TagFilter.includeTags("isolated"), TagFilter.excludeTags("default-interpreter")).build();
        TestPlan plan = LauncherFactory.create().discover(request);
        Set<String> names = new TreeSet<>();
        for (TestIdentifier root : plan.getRoots()) {
            for (TestIdentifier test : plan.getDescendants(root)) {
                test.getSource().filter(ClassSource.class::isInstance).map(ClassSource.class::cast)
                        .ifPresent(source -> names.add(source.getClassName()));
            }
        }
        return new ArrayList<>(names);
    }

    private static final class Outcome {
        int passed;
        int failed;
        int skipped;
        boolean ok;
        String tail;
        String wrongBinding;
        boolean sawBinding;
    }

    /** A JDK installation and its feature release. */
    /** A JDK: its home and feature version. */
    public record Jdk(Path home, int feature) {

        public static Jdk current() {
            try {
                return new Jdk(Path.of(System.getProperty("java.home")).toRealPath(), Runtime.version().feature());
            }
            catch (IOException ex) {
                throw new IllegalStateException(ex);
            }
        }

        public static Optional<Jdk> at(Path home) {
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
