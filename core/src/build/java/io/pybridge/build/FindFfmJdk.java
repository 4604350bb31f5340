package io.pybridge.build;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Build-time program: finds the JDK 22+ whose {@code javac} compiles pybridge-core's
 * {@code java.lang.foreign} binding ({@code src/main/java22}) into {@code META-INF/versions/22},
 * whatever JDK Maven runs on. Not part of any jar: {@code core/pom.xml} runs this file with
 * {@code java}'s source launcher (maven-antrun-plugin, phase {@code initialize}) and loads the
 * properties it writes, which the {@code compile-ffm} execution of maven-compiler-plugin reads:
 *
 * <ul>
 *   <li>{@code pybridge.ffm.skip}: {@code true} when there is no JDK 22+ (the jar then has the
 *       JNA binding only, and a warning says so);</li>
 *   <li>{@code pybridge.ffm.javac}: that JDK's {@code javac}.</li>
 * </ul>
 *
 * <p>Arguments: the properties file to write, then the value of {@code -Dpybridge.ffm.jdk}
 * (empty when not given). That value, else the environment variable {@code PYBRIDGE_FFM_JDK},
 * names the JDK and overrides discovery; {@code none} builds without the FFM binding. Lines on
 * standard output become Maven {@code [INFO]} lines, lines on standard error {@code [WARNING]}s.
 * Exits with 1 when the JDK named by the override is not a JDK 22+.
 */
public final class FindFfmJdk {

    /** The first JDK whose {@code java.lang.foreign} is final (JEP 454); keep equal to CApiLoader's. */
    static final int MINIMUM_FEATURE = 22;

    /** The override value that means "build without the FFM binding". */
    private static final String NONE = "none";

    private FindFfmJdk() {
    }

    public static void main(String[] args) throws IOException {
        Path result = Path.of(args[0]);
        String property = args.length > 1 ? args[1].trim() : "";
        String variable = System.getenv().getOrDefault("PYBRIDGE_FFM_JDK", "").trim();
        // The -D property is the more specific of the two overrides.
        String override = !property.isEmpty() ? property : variable;
        String overrideName = !property.isEmpty() ? "-Dpybridge.ffm.jdk" : "PYBRIDGE_FFM_JDK";

        Optional<Jdk> chosen;
        if (override.equalsIgnoreCase(NONE)) {
            System.err.println("pybridge-core's jar will have the JNA binding only: " + overrideName + "=" + NONE
                    + " switches its java.lang.foreign (FFM) classes off.");
            chosen = Optional.empty();
        }
        else if (!override.isEmpty()) {
            chosen = Jdk.at(Path.of(override));
            if (chosen.isEmpty()) {
                System.err.println(overrideName + "=" + override + " is not a JDK " + MINIMUM_FEATURE + "+ home: it needs a"
                        + " 'release' file saying JAVA_VERSION=\"" + MINIMUM_FEATURE + "\" or later, and bin/javac."
                        + " Name a JDK " + MINIMUM_FEATURE + "+ home, or unset it to let the build look for one.");
                System.exit(1);
            }
            System.out.println("FFM binding (java.lang.foreign) compiled with JDK " + chosen.get().version() + " at "
                    + chosen.get().home() + " (named by " + overrideName + ")");
        }
        else {
            chosen = newest(JdkPlaces.candidates(System.getenv(), System.getProperty("java.home"),
                    System.getProperty("user.home")));
            if (chosen.isPresent()) {
                System.out.println("FFM binding (java.lang.foreign) compiled with JDK " + chosen.get().version() + " at "
                        + chosen.get().home() + " (the newest JDK " + MINIMUM_FEATURE + "+ found)");
            }
            else {
                System.err.println("No JDK " + MINIMUM_FEATURE + "+ found: pybridge-core's jar will have the JNA binding"
                        + " only, without its faster java.lang.foreign (FFM) classes.");
                System.err.println("Looked in " + JdkPlaces.DESCRIPTION + ".");
                System.err.println("To build them, install a JDK " + MINIMUM_FEATURE + "+ in one of those places, or name"
                        + " its home with PYBRIDGE_FFM_JDK=/path/to/jdk or -Dpybridge.ffm.jdk=/path/to/jdk"
                        + " (see docs/building.md).");
            }
        }
        write(result, chosen);
    }

    /** The newest JDK 22+ among {@code candidates}; the first one listed when two are as new. */
    static Optional<Jdk> newest(List<Path> candidates) {
        Jdk best = null;
        for (Path candidate : candidates) {
            Optional<Jdk> jdk = Jdk.at(candidate);
            if (jdk.isPresent() && (best == null || jdk.get().version().compareTo(best.version()) > 0)) {
                best = jdk.get();
            }
        }
        return Optional.ofNullable(best);
    }

    /** Writes the two properties {@code core/pom.xml} loads (see the class comment). */
    private static void write(Path result, Optional<Jdk> chosen) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("pybridge.ffm.skip", Boolean.toString(chosen.isEmpty()));
        // Read by the compile-ffm execution only when it is not skipped; "javac" keeps the value well-formed.
        properties.setProperty("pybridge.ffm.javac", chosen.map(Jdk::javac).map(Path::toString).orElse("javac"));
        Files.createDirectories(result.toAbsolutePath().getParent());
        try (Writer out = Files.newBufferedWriter(result)) {
            properties.store(out, "Written by src/build/java/io/pybridge/build/FindFfmJdk.java");
        }
    }
}

/**
 * A JDK home with the version its {@code release} file states.
 *
 * @param home the JDK's home folder, symbolic links resolved
 * @param version {@code JAVA_VERSION} of its {@code release} file
 */
record Jdk(Path home, Runtime.Version version) {

    /** {@code JAVA_VERSION="25.0.1"} in a JDK's {@code release} file. */
    private static final Pattern JAVA_VERSION = Pattern.compile("^JAVA_VERSION=\"([^\"]+)\"", Pattern.MULTILINE);

    /** The JDK 22+ at {@code home}: its {@code release} file says so and it has a {@code javac}; else empty. */
    static Optional<Jdk> at(Path home) {
        try {
            Matcher version = JAVA_VERSION.matcher(Files.readString(home.resolve("release")));
            if (!version.find()) {
                return Optional.empty();
            }
            Jdk jdk = new Jdk(home.toRealPath(), Runtime.Version.parse(version.group(1)));
            boolean compiles = Files.isRegularFile(jdk.javac());
            return compiles && jdk.version().feature() >= FindFfmJdk.MINIMUM_FEATURE ? Optional.of(jdk) : Optional.empty();
        }
        catch (IOException | IllegalArgumentException ex) {
            // No release file, an unreadable one, or a version such as 1.8.0_402: not a JDK 22+.
            return Optional.empty();
        }
    }

    /** {@code bin/javac}, or {@code bin/javac.exe} on Windows. */
    Path javac() {
        Path windows = home.resolve("bin").resolve("javac.exe");
        return Files.isRegularFile(windows) ? windows : home.resolve("bin").resolve("javac");
    }
}

/** Where JDKs are installed: the folders to look at, in the order they are preferred when two JDKs are as new. */
final class JdkPlaces {

    /** The places as the warning names them. */
    static final String DESCRIPTION = "JAVA_HOME and the folder around it, the folder around the JDK Maven runs on,"
            + " JAVA<N>_HOME / JAVA_HOME_<N>_* variables, /usr/lib/jvm, /usr/lib64/jvm,"
            + " /Library/Java/JavaVirtualMachines, ~/.jdks and ~/.sdkman/candidates/java";

    /** Variables that name a JDK of one version: JAVA25_HOME, JAVA_25_HOME, JAVA_HOME_25_X64 (GitHub's runners). */
    private static final Pattern VERSIONED_HOME = Pattern.compile("JAVA_?\\d+_HOME|JAVA_HOME_\\d+(_\\w+)?");

    private JdkPlaces() {
    }

    /**
     * Every folder that may be a JDK home.
     *
     * @param env the environment variables
     * @param runningHome {@code java.home} of the JVM running this program (Maven's own JDK)
     * @param userHome the user's home folder
     */
    static List<Path> candidates(Map<String, String> env, String runningHome, String userHome) {
        Set<Path> homes = new LinkedHashSet<>();
        String javaHome = env.get("JAVA_HOME");
        if (javaHome != null && !javaHome.isBlank()) {
            homes.add(Path.of(javaHome));
            homes.addAll(besides(Path.of(javaHome)));
        }
        homes.add(Path.of(runningHome));
        homes.addAll(besides(Path.of(runningHome)));
        env.entrySet().stream()
                .filter(variable -> VERSIONED_HOME.matcher(variable.getKey()).matches() && !variable.getValue().isBlank())
                .map(variable -> Path.of(variable.getValue()))
                .forEach(homes::add);
        for (String folder : List.of("/usr/lib/jvm", "/usr/lib64/jvm", "/Library/Java/JavaVirtualMachines")) {
            homes.addAll(inside(Path.of(folder)));
        }
        homes.addAll(inside(Path.of(userHome, ".jdks")));
        homes.addAll(inside(Path.of(userHome, ".sdkman", "candidates", "java")));
        return new ArrayList<>(homes);
    }

    /** The other JDKs installed next to {@code home} (its siblings), as /usr/lib/jvm holds them. */
    private static List<Path> besides(Path home) {
        Path parent = home.toAbsolutePath().getParent();
        return parent == null ? List.of() : inside(parent);
    }

    /** The sub-folders of {@code folder}, each also as a macOS bundle ({@code Contents/Home}); none if it is absent. */
    private static List<Path> inside(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(folder)) {
            return children.sorted()
                    .flatMap(child -> Stream.of(child, child.resolve("Contents").resolve("Home")))
                    .toList();
        }
        catch (IOException ex) {
            return List.of();
        }
    }
}
