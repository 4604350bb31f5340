package io.pybridge.maven;

import static io.pybridge.maven.SampleBuilds.copySample;
import static io.pybridge.maven.SampleBuilds.deleteTree;
import static io.pybridge.maven.SampleBuilds.installArtifacts;
import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.maven.SampleBuilds.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The check goal for real: builds {@code src/it/check} (two {@code @PythonCall} clients and
 * their Python modules) with the Maven wrapper and the embedded CPython, first as it is, then with
 * one mistake of each kind in its Python: a syntax error in a module six methods use, a missing
 * function, a wrong arity, a wrong keyword name and a hint the Java type cannot meet.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CheckPythonIT {

    private static final Path WORK = Path.of("target", "it-check").toAbsolutePath();

    private static final Path PROJECT = WORK.resolve("check");

    private static final Path REPOSITORY = WORK.resolve("repository");

    /** The embedded CPython's cache folder (shared with nothing else). */
    private static final Path CACHE = WORK.resolve("cache");

    private static final Path PYTHON = PROJECT.resolve("src/main/resources/python");

    /** Hang guard: a build takes well under a minute. */
    private static final long BUILD_MINUTES = 10;

    @BeforeAll
    static void prepare() throws Exception {
        deleteTree(WORK);
        copySample("check", PROJECT);
        installArtifacts(REPOSITORY);
    }

    @Test
    @Order(1)
    void aProjectWhoseClientsMatchTheirFunctionsBuilds() throws Exception {
        Result build = maven("package");
        assertThat(build.exit()).as(build.output()).isZero();
        assertThat(build.output()).contains("Python check: checking with CPython 3.14.3 (org.bytedeco:cpython")
                .contains("Python check: 2 Python file(s) in " + PYTHON + " compile, 11 client method(s) match their functions")
                .doesNotContain("[ERROR]");
    }

    @Test
    @Order(2)
    void everyMistakeFailsTheBuildOnceWithItsFileLineSourceAndCaret() throws Exception {
        Path texts = PYTHON.resolve("texts.py");
        Files.writeString(texts, Files.readString(texts).replace("def title(text: str) -> str:", "def title(text: str) -> str"));
        Path scoring = PYTHON.resolve("scoring.py");
        Files.writeString(scoring, Files.readString(scoring)
                .replace("def add(a: int, b: int) -> int:\n    return a + b", "def add(a: int, b: int, c: int) -> int:\n    return a + b + c")
                .replace("*, factor: float = 1.0", "*, multiplier: float = 1.0").replace("* factor", "* multiplier")
                .replace("def label(", "def labels(")
                .replace("def ids(*, limit: int)", "def ids(*, limit: str)"));
        Files.deleteIfExists(PROJECT.resolve("target/check-sample-1.0.jar"));
        Result build = maven("package");
        String output = build.output();
        assertThat(build.exit()).as(output).isNotZero();
        String nl = "\\R";
        // (a) once, though six methods use the module, and naming them.
        assertThat(Pattern.compile(Pattern.quote(texts + ":12: SyntaxError: ")).matcher(output).results().count())
                .as(output).isEqualTo(1);
        assertThat(output).containsPattern(Pattern.quote(texts + ":12: SyntaxError: expected ':'") + nl
                + " {4}def title\\(text: str\\) -> str" + nl + " {4}" + " ".repeat("def title(text: str) -> str".length()) + "\\^")
                .contains("it breaks 6 client methods: Texts.empty -> texts.empty, Texts.length -> texts.length, "
                        + "Texts.lower -> texts.lower, Texts.strip -> texts.strip, Texts.title -> texts.title, "
                        + "Texts.upper -> texts.upper");
        // (b) a missing function: pointed at in the Java interface.
        assertThat(output).containsPattern(Pattern.quote(PROJECT.resolve("src/main/java/sample/Scoring.java") + ":18: "
                + "Scoring.label -> scoring.label: Python module 'scoring' (" + scoring + ") has no function 'label'")
                + nl + " {4} {4}String label\\(long id\\);" + nl + " {8} {7}\\^");
        // (c) arity, (d) a keyword name: at the def, by the rules a call binds by.
        assertThat(output).containsPattern(Pattern.quote(scoring + ":13: Scoring.add -> scoring.add: Python function "
                + "scoring.add cannot take 2 positional argument(s): add(a, b, c): missing a required argument: 'c'")
                + nl + " {4}def add\\(a: int, b: int, c: int\\) -> int:" + nl + " {8}\\^");
        assertThat(output).contains(scoring + ":17: Scoring.scale -> scoring.scale: Python function scoring.scale "
                + "cannot take 1 positional argument(s) and keywords [factor]: scale(value, *, multiplier=1.0): got an "
                + "unexpected keyword argument 'factor'");
        // (e) a hint the Java type cannot meet: at the hint.
        assertThat(output).containsPattern(Pattern.quote(scoring + ":25: Scoring.ids -> scoring.ids: keyword 'limit' is a "
                + "Java int, but the Python hint is str") + nl + " {4}def ids\\(\\*, limit: str\\) -> list\\[int\\]:" + nl
                + " {4} {18}\\^");
        assertThat(output).contains("5 problems in the Python sources or the @PythonCall clients")
                .doesNotContain("Scoring.norm").doesNotContain("numpy");
        assertThat(output.chars().filter(c -> c > 0x7e)).as("ASCII only").isEmpty();
        assertThat(PROJECT.resolve("target/check-sample-1.0.jar")).as("the build stopped before packaging").doesNotExist();
    }

    @Test
    @Order(3)
    void theCheckCanBeSkipped() throws Exception {
        Result build = maven("process-classes", "-Dpybridge.check.skip");
        assertThat(build.exit()).as(build.output()).isZero();
        assertThat(build.output()).contains("Python check: skipped");
    }

    private static Result maven(String... arguments) throws Exception {
        return SampleBuilds.maven(PROJECT, REPOSITORY, CACHE, WORK.resolve("build.log"), BUILD_MINUTES, arguments);
    }
}
