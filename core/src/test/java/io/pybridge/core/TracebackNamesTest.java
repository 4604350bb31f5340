package io.pybridge.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.pybridge.core.exception.PythonException;
import io.pybridge.core.exception.PythonFrame;
import io.pybridge.core.exception.PythonSyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tracebacks name the file the developer edits, with its source line: the classpath resource for
 * sources unpacked from a jar, the project's file for sources a build copied (only where that file
 * exists), in the frames and in the message; Python keeps the real paths. Each case twice, the
 * second time from the caches of traceback entries, and in a pooled interpreter too.
 */
@CPythonTest
class TracebackNamesTest {

    private final PythonTemplate python = SharedRuntime.template();

    private final String n = System.lineSeparator();

    @Test
    void framesOfSourcesUnpackedFromAJarNameTheClasspathResourceWithTheSourceLine() {
        for (PythonOperations operations : List.of(python, python, python.inPool(), python.inPool())) {
            PythonException failure = catchThrowableOfType(PythonException.class,
                    () -> operations.call("pybridge_shown", "fail", "x"));
            assertThat(failure.getPythonType()).isEqualTo("KeyError");
            assertThat(failure.getPythonFrames()).containsExactly(
                    new PythonFrame(ShownSources.CLASSPATH + "pybridge_shown.py", 3, "fail", "return table[key]"));
            assertThat(failure.getMessage()).contains("  File \"classpath:python-shown/pybridge_shown.py\", line 3, in fail"
                    + n + "    return table[key]" + n + "KeyError: 'x'");
        }
        // Python itself still knows the file by its real path.
        assertThat(python.eval("__import__('pybridge_shown').__file__", String.class))
                .isEqualTo(ShownSources.unpacked().toAbsolutePath().resolve("pybridge_shown.py").toString());
    }

    @Test
    void framesOfSourcesABuildCopiedNameTheProjectsFileWhereItExists() {
        String project = ShownSources.projectSources().toAbsolutePath().resolve("pybridge_project.py").toString();
        for (PythonOperations operations : List.of(python, python, python.inPool())) {
            PythonException copied = catchThrowableOfType(PythonException.class,
                    () -> operations.call("pybridge_project", "fail"));
            assertThat(copied.getPythonFrames()).containsExactly(
                    new PythonFrame(project, 2, "fail", "raise ValueError('from the project')"));
            assertThat(copied.getMessage()).contains("File \"" + project + "\", line 2, in fail" + n
                    + "    raise ValueError('from the project')");
            // Only in target/classes: no file of the project is guessed, the real one is named.
            PythonException generated = catchThrowableOfType(PythonException.class,
                    () -> operations.call("pybridge_generated", "fail"));
            assertThat(generated.getPythonFrames()).containsExactly(new PythonFrame(
                    ShownSources.buildOutput().toAbsolutePath().resolve("pybridge_generated.py").toString(), 2, "fail",
                    "raise ValueError('generated')"));
        }
    }

    @Test
    void aSyntaxErrorNamesTheFileTheDeveloperEdits() {
        PythonException failure = catchThrowableOfType(PythonException.class,
                () -> python.call("pybridge_shown", "import_broken"));
        assertThat(failure).isInstanceOf(PythonSyntaxException.class);
        assertThat(failure.getPythonMessage()).contains("File \"classpath:python-shown/pybridge_shown_broken.py\", line 1"
                + "\n    def broken(:");
        assertThat(failure.getPythonFrames()).first().isEqualTo(new PythonFrame(
                ShownSources.CLASSPATH + "pybridge_shown.py", 7, "import_broken", "import pybridge_shown_broken"));
        PythonSyntaxException imported = catchThrowableOfType(PythonSyntaxException.class,
                () -> python.call("pybridge_shown_broken", "broken"));
        assertThat(imported.getMessage()).contains("File \"classpath:python-shown/pybridge_shown_broken.py\", line 1");
    }

    @Test
    void framesOfOtherFilesKeepTheirNameAndGainTheirSourceLine() {
        PythonException failure = catchThrowableOfType(PythonException.class,
                () -> python.call("pybridge_testmod", "fail", "bad input"));
        PythonFrame frame = failure.getPythonFrames().get(0);
        assertThat(Path.of(frame.file())).isEqualTo(SharedRuntime.testModules().toAbsolutePath()
                .resolve("pybridge_testmod.py"));
        assertThat(frame.source()).isEqualTo("raise ValueError(message)");
        // Code made from a string has no file to read a line from.
        PythonException fromText = catchThrowableOfType(PythonException.class, () -> python.exec("raise KeyError('k')"));
        assertThat(fromText.getPythonFrames()).isNotEmpty()
                .allSatisfy(made -> assertThat(made).extracting(PythonFrame::file, PythonFrame::source)
                        .containsExactly("<pybridge>", ""));
    }
}
