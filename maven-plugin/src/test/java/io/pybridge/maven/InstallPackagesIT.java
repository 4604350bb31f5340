package io.pybridge.maven;

import static io.pybridge.maven.SampleBuilds.copySample;
import static io.pybridge.maven.SampleBuilds.deleteTree;
import static io.pybridge.maven.SampleBuilds.installArtifacts;
import static io.pybridge.maven.SampleBuilds.start;
import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.runtime.PythonPackagesManifest;
import io.pybridge.maven.SampleBuilds.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * ({@link SampleBuilds}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstallPackagesIT {

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
        copySample("sample", PROJECT);
        Path wheels = PROJECT.resolve("wheels");
        Wheels.pure(wheels, "greeting", "1.0", Map.of("greeting/__init__.py",
                "def hello(name):\n    return 'hello ' + name + ' from greeting 1.0'\n"), List.of());
        Wheels.pure(wheels, "shapes", "2.0", Map.of(
                "shapes/__init__.py", "import greeting  # a declared dependency\n\n\ndef area(w: int, h: int) -> int:\n    return w * h\n",
                "shapes/py.typed", "",
                "shapes/data/colors.json", "[\"red\", \"green\"]\n"), List.of("greeting>=1.0"));
        installArtifacts(REPOSITORY);
    }

    @Test
    @Order(1)
    void buildsTheProjectAndShipsThePackagesInItsJar() throws Exception {
        Result build = maven("package");
        assertThat(build.exit()).as(build.output()).isZero();
        assertThat(build.output()).as("pip's own output is in the Maven log")
                .containsPattern("\\[pip\\] Looking in links: .*" + Pattern.quote(PROJECT.resolve("wheels").toString()))
                .doesNotContain("is missing, no dependency information")
                .containsPattern("\\[pip\\] Successfully installed greeting-1\\.0 shapes-2\\.0")
                .contains("installing with CPython 3.14.3 (org.bytedeco:cpython, linux-x86_64)")
                // The check reads the sources and imports nothing: shapes.py, which raises when imported, passes.
                .containsPattern("Python check: 2 Python file\\(s\\) in .*/src/main/resources/python compile, "
                        + "0 client method\\(s\\) match their functions");

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
        assertThat(build.exit()).as(build.output()).isZero();
        assertThat(build.output()).contains("Python packages up to date").doesNotContain("[pip] ");
        assertThat(Files.getLastModifiedTime(manifest)).isEqualTo(written);
    }

    @Test
    @Order(3)
    void theBuiltJarImportsItsPackagesBeforeItsSourcesAndReusesTheUnpackedCopy() throws Exception {
        Result first = run(List.of());
        assertThat(first.exit()).as(first.output()).isZero();
        assertThat(first.output()).contains("version 3.14.3", "hello pybridge from greeting 1.0", "area 12",
                "colors red,green", "typed True");
        String packagesFolder = folderOf(first.output(), "shapes-from", "/shapes/__init__.py");
        assertThat(Path.of(packagesFolder)).startsWith(CACHE.resolve("python-packages"));
        assertThat(folderOf(first.output(), "app-from", "/app.py")).startsWith(CACHE.resolve("python-sources").toString());

        FileTime unpacked = Files.getLastModifiedTime(Path.of(packagesFolder, "greeting", "__init__.py"));
        Result second = run(List.of());
        assertThat(second.exit()).as(second.output()).isZero();
        assertThat(folderOf(second.output(), "shapes-from", "/shapes/__init__.py")).isEqualTo(packagesFolder);
        assertThat(Files.getLastModifiedTime(Path.of(packagesFolder, "greeting", "__init__.py")))
                .as("the second start reuses the unpacked copy").isEqualTo(unpacked);
    }

    @Test
    @Order(4)
    void aPythonOfAnotherAbiIsRefusedWithAClearMessage() throws Exception {
        // python3 of this machine is a 3.11 (Debian's, or pyenv's): not the cp314 the packages were made for.
        Result run = run(List.of("-Dsample.python=python3"));
        assertThat(run.exit()).as(run.output()).isEqualTo(3);
        assertThat(run.output()).as(run.output()).contains("refused INCOMPATIBLE_PACKAGES").contains(
                "were installed for CPython 3.14.3 (cp314) but the application boots CPython 3.")
                .containsPattern("action .*pybridge-maven-plugin");
    }

    private static String folderOf(String output, String label, String suffix) {
        Matcher line = Pattern.compile("^" + label + " (.*)" + Pattern.quote(suffix) + "$", Pattern.MULTILINE).matcher(output);
        assertThat(line.find()).as(output).isTrue();
        return line.group(1);
    }

    private static Result maven(String... goals) throws Exception {
        return SampleBuilds.maven(PROJECT, REPOSITORY, CACHE, WORK.resolve("build.log"), BUILD_MINUTES, goals);
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
        return start(command, WORK, CACHE, WORK.resolve("run.log"), RUN_MINUTES);
    }
}
