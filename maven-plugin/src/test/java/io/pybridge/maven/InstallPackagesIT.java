package io.pybridge.maven;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.runtime.PythonPackagesManifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The plugin for real: builds {@code src/it/sample} with the Maven wrapper against wheels this
 * test assembles (a pure-Python package, and one with {@code py.typed} and a data file that
 * depends on it), offline, then runs the built jar and imports them from it.
 *
 * <p>The sample's build gets a local repository of its own holding this build's artifacts
 * (copied from the reactor's {@code target} folders, never installed into the user's
 * repository), with the user's repository behind it, read-only, for everything else
 * ({@code maven.repo.local.tail}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstallPackagesIT {

    private static final Path ROOT = Path.of(System.getProperty("pybridge.it.rootDirectory", "..")).toAbsolutePath().normalize();

    private static final String VERSION = System.getProperty("pybridge.it.version", "0.1.0-SNAPSHOT");

    private static final Path WORK = Path.of("target", "it").toAbsolutePath();

    private static final Path PROJECT = WORK.resolve("sample");

    private static final Path REPOSITORY = WORK.resolve("repository");

    /** The cache folder both the build (embedded CPython) and the runs (unpacked packages) use. */
    private static final Path CACHE = WORK.resolve("cache");

    /** Hang guards: a build takes well under a minute, a run seconds. */
    private static final long BUILD_MINUTES = 10;

    private static final long RUN_MINUTES = 5;

    @BeforeAll
    static void prepare() throws Exception {
        deleteTree(WORK);
        copyTree(Path.of("src", "it", "sample"), PROJECT);
        Path pom = PROJECT.resolve("pom.xml");
        Files.writeString(pom, Files.readString(pom).replace("@pybridge.version@", VERSION));
        Path wheels = PROJECT.resolve("wheels");
        Wheels.pure(wheels, "greeting", "1.0", Map.of("greeting/__init__.py",
                "def hello(name):\n    return 'hello ' + name + ' from greeting 1.0'\n"), List.of());
        Wheels.pure(wheels, "shapes", "2.0", Map.of(
                "shapes/__init__.py", "import greeting  # a declared dependency\n\n\ndef area(w: int, h: int) -> int:\n    return w * h\n",
                "shapes/py.typed", "",
                "shapes/data/colors.json", "[\"red\", \"green\"]\n"), List.of("greeting>=1.0"));
        install("pybridge-parent", ROOT.resolve("pom.xml"), null);
        install("pybridge-core", ROOT.resolve("core/pom.xml"), ROOT.resolve("core/target/pybridge-core-" + VERSION + ".jar"));
        install("pybridge-python-embedded", ROOT.resolve("python-embedded/pom.xml"),
                ROOT.resolve("python-embedded/target/pybridge-python-embedded-" + VERSION + ".jar"));
        install("pybridge-maven-plugin", ROOT.resolve("maven-plugin/pom.xml"),
                ROOT.resolve("maven-plugin/target/pybridge-maven-plugin-" + VERSION + ".jar"));
    }

    @Test
    @Order(1)
    void buildsTheProjectAndShipsThePackagesInItsJar() throws Exception {
        Result build = maven("package");
        assertThat(build.exit).as(build.output).isZero();
        assertThat(build.output).as("pip's own output is in the Maven log")
                .containsPattern("\\[pip\\] Looking in links: .*" + Pattern.quote(PROJECT.resolve("wheels").toString()))
                .doesNotContain("is missing, no dependency information")
                .containsPattern("\\[pip\\] Successfully installed greeting-1\\.0 shapes-2\\.0")
                .contains("installing with CPython 3.14.3 (org.bytedeco:cpython, linux-x86_64)");

        Path packages = PROJECT.resolve("target/classes/python-packages");
        PythonPackagesManifest manifest = PythonPackagesManifest.read(packages).orElseThrow();
        assertThat(manifest.pythonVersion()).isEqualTo("3.14.3");
        assertThat(manifest.abi()).isEqualTo("cp314");
        assertThat(manifest.platform()).isEqualTo("linux-x86_64");
        assertThat(manifest.nativeCode()).isFalse();
        assertThat(manifest.installed()).containsExactly("greeting==1.0", "shapes==2.0");
        assertThat(packages.resolve("bin")).doesNotExist();

        try (JarFile jar = new JarFile(PROJECT.resolve("target/packages-sample-1.0.jar").toFile())) {
            assertThat(jar.getEntry("python-packages/" + PythonPackagesManifest.FILE)).isNotNull();
            assertThat(jar.getEntry("python-packages/shapes/py.typed")).isNotNull();
            assertThat(jar.getEntry("python-packages/shapes/data/colors.json")).isNotNull();
            assertThat(jar.getEntry("python-packages/greeting/__init__.py")).isNotNull();
            assertThat(jar.getEntry("python/app.py")).isNotNull();
            java.util.zip.ZipEntry pyc = jar.getEntry("python-packages/shapes/__pycache__/__init__.cpython-314.pyc");
            assertThat(pyc).as("compiled by the same interpreter").isNotNull();
            byte[] header = jar.getInputStream(pyc).readNBytes(8);
            // PEP 552 flags (bytes 4-7): 1 = hash-based, source not checked, so a new mtime after unpacking keeps it valid.
            assertThat(header[4]).isEqualTo((byte) 1);
        }
    }

    @Test
    @Order(2)
    void anUnchangedDeclarationIsNotInstalledAgain() throws Exception {
        Path manifest = PROJECT.resolve("target/classes/python-packages/" + PythonPackagesManifest.FILE);
        FileTime written = Files.getLastModifiedTime(manifest);
        Result build = maven("package");
        assertThat(build.exit).as(build.output).isZero();
        assertThat(build.output).contains("Python packages up to date").doesNotContain("[pip] ");
        assertThat(Files.getLastModifiedTime(manifest)).isEqualTo(written);
    }

    @Test
    @Order(3)
    void theBuiltJarImportsItsPackagesBeforeItsSourcesAndReusesTheUnpackedCopy() throws Exception {
        Result first = run(List.of());
        assertThat(first.exit).as(first.output).isZero();
        assertThat(first.output).contains("version 3.14.3", "hello pybridge from greeting 1.0", "area 12",
                "colors red,green", "typed True");
        String packagesFolder = folderOf(first.output, "shapes-from", "/shapes/__init__.py");
        assertThat(Path.of(packagesFolder)).startsWith(CACHE.resolve("python-packages"));
        assertThat(folderOf(first.output, "app-from", "/app.py")).startsWith(CACHE.resolve("python-sources").toString());

        FileTime unpacked = Files.getLastModifiedTime(Path.of(packagesFolder, "greeting", "__init__.py"));
        Result second = run(List.of());
        assertThat(second.exit).as(second.output).isZero();
        assertThat(folderOf(second.output, "shapes-from", "/shapes/__init__.py")).isEqualTo(packagesFolder);
        assertThat(Files.getLastModifiedTime(Path.of(packagesFolder, "greeting", "__init__.py")))
                .as("the second start reuses the unpacked copy").isEqualTo(unpacked);
    }

    @Test
    @Order(4)
    void aPythonOfAnotherAbiIsRefusedWithAClearMessage() throws Exception {
        // python3 of this machine is a 3.11 (Debian's, or pyenv's): not the cp314 the packages were made for.
        Result run = run(List.of("-Dsample.python=python3"));
        assertThat(run.exit).as(run.output).isEqualTo(3);
        assertThat(run.output).as(run.output).contains("refused INCOMPATIBLE_PACKAGES").contains(
                "were installed for CPython 3.14.3 (cp314) but the application boots CPython 3.")
                .containsPattern("action .*pybridge-maven-plugin");
    }

    private static String folderOf(String output, String label, String suffix) {
        Matcher line = Pattern.compile("^" + label + " (.*)" + Pattern.quote(suffix) + "$", Pattern.MULTILINE).matcher(output);
        assertThat(line.find()).as(output).isTrue();
        return line.group(1);
    }

    private record Result(int exit, String output) {
    }

    private static Result maven(String... goals) throws Exception {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("mvnw").toString(), "-B", "-f",
                PROJECT.resolve("pom.xml").toString(), "-Dmaven.repo.local=" + REPOSITORY,
                "-Dmaven.repo.local.tail=" + System.getProperty("pybridge.it.localRepository",
                        Path.of(System.getProperty("user.home"), ".m2", "repository").toString()),
                "-Dpybridge.cacheDir=" + CACHE));
        command.addAll(List.of(goals));
        return start(command, WORK.resolve("build.log"), BUILD_MINUTES);
    }

    private static Result run(List<String> jvmArguments) throws Exception {
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(javaBin.toString()));
        if (Runtime.version().feature() >= 22) {
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        command.addAll(jvmArguments);
        // The built jar, then this JVM's own class path for pybridge-core, the embedded CPython and JNA.
        command.addAll(List.of("-cp", PROJECT.resolve("target/packages-sample-1.0.jar") + java.io.File.pathSeparator
                + System.getProperty("java.class.path"), "sample.Main"));
        return start(command, WORK.resolve("run.log"), RUN_MINUTES);
    }

    private static Result start(List<String> command, Path log, long minutes) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(WORK.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("PYBRIDGE_CACHE_DIR", CACHE.toString());
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
        // Kept per step for a failing build's report.
        Files.copy(log, log.resolveSibling(log.getFileName() + "." + System.nanoTime()), StandardCopyOption.REPLACE_EXISTING);
        return new Result(process.exitValue(), output);
    }

    /** Puts one of this build's artifacts into the sample's repository, laid out as {@code mvn install} would. */
    private static void install(String artifactId, Path pom, @org.jspecify.annotations.Nullable Path jar) throws IOException {
        Path folder = Files.createDirectories(REPOSITORY.resolve("io/pybridge").resolve(artifactId).resolve(VERSION));
        Files.copy(pom, folder.resolve(artifactId + "-" + VERSION + ".pom"), StandardCopyOption.REPLACE_EXISTING);
        if (jar != null) {
            assertThat(jar).as("built by the reactor before this test").exists();
            Files.copy(jar, folder.resolve(artifactId + "-" + VERSION + ".jar"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
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

    private static void deleteTree(Path root) throws IOException {
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
