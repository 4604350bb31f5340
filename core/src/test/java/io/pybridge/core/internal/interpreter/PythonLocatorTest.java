package io.pybridge.core.internal.interpreter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.pybridge.core.CPythonTest;
import io.pybridge.core.exception.PythonInitializationException;
import io.pybridge.core.exception.PythonInitializationException.Reason;
import io.pybridge.core.runtime.PythonInstallation;
import io.pybridge.core.runtime.PythonPackagesManifest;
import io.pybridge.core.runtime.PythonRuntimeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way of finding Python, and one clear message for each failure. Builds without a shared
 * libpython and unsupported versions may not exist on the machine, so small executables that
 * answer the probe the way such a Python would stand in for them.
 */
@CPythonTest
class PythonLocatorTest {

    @TempDir
    Path dir;

    private static PythonRuntimeConfig.Builder config() {
        return PythonRuntimeConfig.builder().environment(name -> null);
    }

    @Test
    void missingExecutableIsNotFound() {
        assertThatThrownBy(() -> new PythonLocator(config().executable("/nonexistent/python3").build()).locate())
                .isInstanceOf(PythonInitializationException.class)
                .hasMessageContaining("No Python executable '/nonexistent/python3' could be started")
                .satisfies(ex -> assertThat(((PythonInitializationException) ex).getReason()).isEqualTo(Reason.NOT_FOUND))
                .satisfies(ex -> assertThat(((PythonInitializationException) ex).getAction()).contains("apt-get install"));
    }

    @Test
    void aFailingPythonNamesTheSettingThatChoseIt() {
        Map<String, String> env = Map.of(PythonRuntimeConfig.EXECUTABLE_ENV, "/nonexistent/python3");
        PythonInitializationException fromEnv = catchThrowableOfType(PythonInitializationException.class,
                () -> new PythonLocator(PythonRuntimeConfig.builder().environment(env::get).build()).locate());
        assertThat(fromEnv.getPythonChoice()).isEqualTo("the environment variable PYBRIDGE_PYTHON (/nonexistent/python3)");
        assertThat(fromEnv).hasMessageContaining("No Python executable '/nonexistent/python3' could be started")
                .hasMessageEndingWith("(the Python chosen by the environment variable PYBRIDGE_PYTHON (/nonexistent/python3))");
        assertThat(fromEnv.getReason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(fromEnv.getCause()).as("the same failure with its own cause, not a wrapper of it")
                .isInstanceOf(IOException.class);
        assertThat(fromEnv.getStackTrace()).isNotEmpty();
        // A framework that bound the variable to its property says so (the Spring starter does).
        PythonInitializationException named = catchThrowableOfType(PythonInitializationException.class,
                () -> new PythonLocator(config().executable("/nonexistent/python3", "the environment variable "
                        + "PYBRIDGE_PYTHON").build()).locate());
        assertThat(named.getPythonChoice()).isEqualTo("the environment variable PYBRIDGE_PYTHON (/nonexistent/python3)");
        PythonInitializationException inCode = catchThrowableOfType(PythonInitializationException.class,
                () -> new PythonLocator(config().executable("/nonexistent/python3").build()).locate());
        assertThat(inCode.getPythonChoice()).isEqualTo("the configured executable (/nonexistent/python3)");
        assertThat(inCode.chosenBy("anything else")).as("named once").isSameAs(inCode);
    }

    @Test
    void theStartUpLogNamesTheSettingThatChoseThePython() {
        String executable = System.getProperty("pybridge.test.python");
        String python = executable == null || executable.isBlank() ? "python3" : executable;
        List<String> logged = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord entry) {
                logged.add(MessageFormat.format(entry.getMessage(), entry.getParameters()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(PythonLocator.class.getName());
        logger.addHandler(handler);
        try {
            Map<String, String> env = Map.of(PythonRuntimeConfig.EXECUTABLE_ENV, python);
            new PythonLocator(PythonRuntimeConfig.builder().environment(env::get).build()).locate();
            new PythonLocator(config().executable(python, "pybridge.python.executable").build()).locate();
        }
        finally {
            logger.removeHandler(handler);
        }
        assertThat(logged).hasSize(2);
        assertThat(logged.get(0)).startsWith("Using Python 3.")
                .endsWith(", chosen by the environment variable PYBRIDGE_PYTHON (" + python + ")");
        assertThat(logged.get(1)).endsWith(", chosen by pybridge.python.executable (" + python + ")");
    }

    @Test
    void aFailureWithTheChosenPythonNamesTheSettingToo() throws IOException {
        String executable = System.getProperty("pybridge.test.python");
        String python = executable == null || executable.isBlank() ? "python3" : executable;
        Path packages = Files.createDirectories(dir.resolve("packages"));
        Files.writeString(packages.resolve(PythonPackagesManifest.FILE), "python.version=3.9.18\npython.abi=cp39\n");
        // Refused before CPython boots: the packages were installed for another Python.
        PythonInitializationException refused = catchThrowableOfType(PythonInitializationException.class,
                () -> EmbeddedPython.boot(config().executable(python, "pybridge.python.executable").addPackages(packages)
                        .build()));
        assertThat(refused.getReason()).isEqualTo(Reason.INCOMPATIBLE_PACKAGES);
        assertThat(refused.getPythonChoice()).isEqualTo("pybridge.python.executable (" + python + ")");
        assertThat(refused).hasMessageContaining("cp39").hasMessageEndingWith("(the Python chosen by "
                + "pybridge.python.executable (" + python + "))");
    }

    @Test
    void executableAndVirtualenvTogetherAreAmbiguous() {
        assertThatThrownBy(() -> new PythonLocator(config().executable("python3").virtualenv(dir).build()).locate())
                .isInstanceOf(PythonInitializationException.class).hasMessageContaining("Both a Python executable");
    }

    @Test
    void missingLibraryPathIsNotFound() {
        assertThatThrownBy(() -> new PythonLocator(config().libraryPath(dir.resolve("libpython3.12.so")).build()).locate())
                .isInstanceOf(PythonInitializationException.class).hasMessageContaining("libpython not found")
                .hasMessageContaining("configured library path");
    }

    @Test
    void aStaticArchiveIsRefusedWithTheRightAdvice() throws IOException {
        Path archive = Files.writeString(dir.resolve("libpython3.12.a"), "!<arch>\n");
        assertThatThrownBy(() -> new PythonLocator(config().libraryPath(archive).build()).locate())
                .isInstanceOf(PythonInitializationException.class)
                .hasMessageContaining("is not a shared library").hasMessageContaining("static archive")
                .satisfies(ex -> assertThat(((PythonInitializationException) ex).getReason())
                        .isEqualTo(Reason.NO_SHARED_LIBRARY))
                .satisfies(ex -> assertThat(((PythonInitializationException) ex).getAction())
                        .contains("libpython3.X.so.1.0").doesNotContain("unset it"));
    }

    @Test
    void libraryFromTheEnvironmentVariableIsUsed() {
        Map<String, String> env = Map.of(PythonRuntimeConfig.LIBRARY_ENV, dir.resolve("libpython3.12.so").toString());
        assertThatThrownBy(() -> new PythonLocator(PythonRuntimeConfig.builder().environment(env::get).build()).locate())
                .isInstanceOf(PythonInitializationException.class)
                .hasMessageContaining(PythonRuntimeConfig.LIBRARY_ENV);
    }

    @Test
    void pythonWithoutSharedLibraryIsReported() throws IOException {
        Path fake = fakePython("3.12.1", "0", "");
        assertThatThrownBy(() -> new PythonLocator(config().executable(fake.toString()).build()).locate())
                .isInstanceOf(PythonInitializationException.class)
                .hasMessageContaining("has no shared libpython").hasMessageContaining("Py_ENABLE_SHARED=0")
                .satisfies(ex -> assertThat(((PythonInitializationException) ex).getReason())
                        .isEqualTo(Reason.NO_SHARED_LIBRARY))
                .satisfies(ex -> assertThat(((PythonInitializationException) ex).getAction())
                        .contains("--enable-shared").contains("libpython"));
    }

    @Test
    void oldPythonIsUnsupported() throws IOException {
        Path fake = fakePython("3.8.18", "1", "");
        assertThatThrownBy(() -> new PythonLocator(config().executable(fake.toString()).build()).locate())
                .isInstanceOf(PythonInitializationException.class)
                .hasMessageContaining("Python 3.8.18").hasMessageContaining("not supported")
                .satisfies(ex -> assertThat(((PythonInitializationException) ex).getReason())
                        .isEqualTo(Reason.UNSUPPORTED_VERSION));
    }

    @Test
    void freeThreadedBuildIsAcceptedAndMarked() throws IOException {
        Path library = freeThreadedLayout();
        Path fake = fakePython("3.13.0", "1", "1", library.toString());
        PythonInstallation found = new PythonLocator(config().executable(fake.toString()).build()).locate();
        assertThat(found.freeThreaded()).isTrue();
        assertThat(found.library()).isEqualTo(library);
        assertThat(found.version()).isEqualTo("3.13.0");
    }

    @Test
    void regularBuildIsNotMarkedFreeThreaded() throws IOException {
        Path library = freeThreadedLayout();
        Path fake = fakePython("3.13.0", "1", "0", library.toString());
        assertThat(new PythonLocator(config().executable(fake.toString()).build()).locate().freeThreaded()).isFalse();
    }

    @Test
    void freeThreadedLibraryIsRecognisedByItsName() throws IOException {
        Path library = freeThreadedLayout();
        Path executable = Files.createDirectories(dir.resolve("bin")).resolve("python3.13t");
        Files.writeString(executable, "#!/bin/sh\n");
        Files.setPosixFilePermissions(executable, PosixFilePermissions.fromString("rwx------"));
        PythonInstallation found = new PythonLocator(config().libraryPath(library).build()).locate();
        assertThat(found.freeThreaded()).isTrue();
        assertThat(found.shortVersion()).isEqualTo("3.13");
        assertThat(found.home()).isEqualTo(dir.toAbsolutePath());
        assertThat(found.executable()).isEqualTo(executable.toAbsolutePath());
    }

    /** {@code lib/libpython3.13t.so.1.0} and the {@code lib/python3.13t} standard library a 3.13t install has. */
    private Path freeThreadedLayout() throws IOException {
        Path stdlib = Files.createDirectories(dir.resolve("lib/python3.13t/encodings"));
        Files.writeString(stdlib.resolveSibling("os.py"), "");
        Path library = dir.resolve("lib/libpython3.13t.so.1.0").toAbsolutePath();
        Files.writeString(library, "");
        return library;
    }

    @Test
    void somethingThatIsNotPythonIsReported() throws IOException {
        Path fake = script("#!/bin/sh\necho 'not python' >&2\nexit 3\n");
        assertThatThrownBy(() -> new PythonLocator(config().executable(fake.toString()).build()).locate())
                .isInstanceOf(PythonInitializationException.class).hasMessageContaining("did not answer like a CPython");
    }

    @Test
    void realPythonIsLocatedWithItsSharedLibrary() {
        String executable = System.getProperty("pybridge.test.python");
        PythonInstallation found = new PythonLocator(PythonRuntimeConfig.builder()
                .executable(executable == null || executable.isBlank() ? null : executable).build()).locate();
        assertThat(found.library().getFileName().toString()).startsWith("libpython3.");
        assertThat(Files.isRegularFile(found.library())).isTrue();
        assertThat(found.executable()).isNotNull();
        // Normalised: CPython 3.14 reports a relocated build's (the embedded CPython's) prefixes as <home>/bin/..
        assertThat(found.home()).isEqualTo(found.home().normalize());
        assertThat(found.prefix()).isEqualTo(found.prefix().normalize());
        assertThat(found.library()).isEqualTo(found.library().normalize());
        // The library alone is enough too: version and home are derived from its place.
        PythonInstallation fromLibrary = new PythonLocator(config().libraryPath(found.library()).build()).locate();
        assertThat(fromLibrary.shortVersion()).isEqualTo(found.shortVersion());
        assertThat(Files.isRegularFile(fromLibrary.home().resolve("lib/python" + found.shortVersion() + "/os.py")))
                .isTrue();
    }

    private Path fakePython(String version, String shared, String gilDisabled) throws IOException {
        return fakePython(version, shared, gilDisabled, dir + "/lib/libpython3.a");
    }

    private Path fakePython(String version, String shared, String gilDisabled, String libs) throws IOException {
        String stdlib = libs.contains("3.13t") ? dir + "/lib/python3.13t" : dir + "/lib";
        return script("#!/bin/sh\n"
                + "printf 'version\\t" + version + "\\n'\n"
                + "printf 'executable\\t" + dir + "/python\\n'\n"
                + "printf 'prefix\\t" + dir + "\\n'\n"
                + "printf 'base_prefix\\t" + dir + "\\n'\n"
                + "printf 'stdlib\\t" + stdlib + "\\n'\n"
                + "printf 'shared\\t" + shared + "\\n'\n"
                + "printf 'gil_disabled\\t" + gilDisabled + "\\n'\n"
                + "printf 'libs\\t" + libs + "\\n'\n"
                + "printf 'site\\t\\n'\n");
    }

    private Path script(String text) throws IOException {
        Path file = Files.createTempFile(dir, "python", ".sh");
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }
}
