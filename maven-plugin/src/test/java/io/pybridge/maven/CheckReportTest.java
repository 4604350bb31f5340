package io.pybridge.maven;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.client.ClientMethod;
import io.pybridge.core.client.Keyword;
import io.pybridge.core.client.PythonCall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check_sources.py} run by a real CPython (the {@code python3} on the PATH) over sources
 * this test writes, and its output turned into problems by {@link CheckReport}: what is found,
 * where it points and that each problem is reported once.
 */
class CheckReportTest {

    private static final String NL = System.lineSeparator();

    @TempDir
    Path work;

    private Path sources;

    @PythonCall(module = "shapes")
    interface Shapes {
        long area(long width, long height);

        long volume(long width);

        long scaled(long width, long height, @Keyword("factor") double factor);

        long named(String name);

        String described(long size);

        @PythonCall(function = "points")
        long points(List<Map<String, Long>> points, @Keyword("labels") List<String> labels);
    }

    @PythonCall(module = "broken")
    interface UsesBroken {
        void one();

        void two(long x);

        @PythonCall(module = "pkg.sub", function = "three")
        void three();
    }

    @PythonCall(module = "math")
    interface NotInTheSources {
        double sqrt(double x, double y);
    }

    @PythonCall(module = "shapes")
    interface Missing {
        long perimeter(long width);
    }

    @PythonCall(module = "units")
    interface Units {
        String convert(double amount, @Keyword String fromUnit, @Keyword String toUnit);

        String legacy(double amount, @Keyword String fromUnit);

        String typed(@Keyword long fromUnit);

        String wrong(@Keyword String fromUnits);
    }

    @BeforeEach
    void write() throws IOException {
        sources = Files.createDirectories(work.resolve("python"));
        Files.writeString(sources.resolve("shapes.py"), String.join("\n",
                "from dataclasses import dataclass",
                "from typing import Optional",
                "",
                "def area(width: int, height: int) -> int:",
                "    return width * height",
                "",
                "def volume(width, height, depth):",
                "    return width * height * depth",
                "",
                "def scaled(width: int, height: int, *, factor: float = 1.0) -> int:",
                "    return int(width * height * factor)",
                "",
                "def named(name: int) -> int:",
                "    return name",
                "",
                "def described(size: int) -> Optional[int]:",
                "    return size",
                "",
                "def points(points: list[dict[str, int]], *, labels: list[str]) -> int:",
                "    return len(points)",
                ""));
        Files.writeString(sources.resolve("broken.py"), "def one():\n    pass\n\ndef two(x:\n    pass\n");
        Files.createDirectories(sources.resolve("pkg"));
        Files.writeString(sources.resolve("pkg/__init__.py"), "x = (\n");
        Files.writeString(sources.resolve("pkg/sub.py"), "def three():\n    pass\n");
        Files.writeString(sources.resolve("unused.py"), "return 1\n");
    }

    private List<String> check(Class<?>... clients) throws IOException {
        List<ClientMethod> methods = new ArrayList<>();
        for (Class<?> client : clients) {
            methods.addAll(ClientMethod.of(client, client.getSimpleName()).stream()
                    .sorted(Comparator.comparing(m -> m.method().getName())).toList());
        }
        Path requests = work.resolve("requests.txt");
        Files.writeString(requests, CheckReport.requests(methods));
        String script = new String(getClass().getResourceAsStream("check_sources.py").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        PythonProcess python = new PythonProcess(Path.of("python3"), Map.of(), work);
        List<String> output = new ArrayList<>();
        int exit = python.run(List.of("python3", "-c", script, sources.toString(), requests.toString()), output::add);
        assertThat(exit).as(String.join(NL, output)).isZero();
        CheckReport report = new CheckReport(methods, new JavaSources(List.of()));
        report.read(output);
        return report.problems();
    }

    @Test
    void aSyntaxErrorIsOneProblemNamingTheMethodsItBreaks() throws IOException {
        List<String> problems = check(UsesBroken.class);
        assertThat(problems).hasSize(3);
        assertThat(problems).filteredOn(p -> p.contains("broken.py:4: SyntaxError:")).singleElement().satisfies(p -> {
            assertThat(p).contains(NL + "    def two(x:" + NL).contains("it breaks 2 client methods: ")
                    .contains("UsesBroken.one -> broken.one").contains("UsesBroken.two -> broken.two");
            assertThat(p.lines().filter(line -> line.trim().equals("^"))).hasSize(1);
        });
        assertThat(problems).filteredOn(p -> p.contains("pkg" + java.io.File.separator + "__init__.py:1: SyntaxError:"))
                .singleElement().satisfies(p -> assertThat(p).contains("it breaks 1 client method: UsesBroken.three"));
        assertThat(problems).filteredOn(p -> p.contains("unused.py:1: SyntaxError: 'return' outside function"))
                .as("every file compiles, used or not; compile() finds what the parser alone does not").hasSize(1);
    }

    @Test
    void arityKeywordsAndHintsAgainstTheJavaTypes() throws IOException {
        List<String> problems = check(Shapes.class).stream().filter(p -> !p.contains("SyntaxError")).toList();
        assertThat(problems).hasSize(3);
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(sources.resolve("shapes.py") + ":7: "
                + "Shapes.volume -> shapes.volume: Python function shapes.volume cannot take 1 positional argument(s): "
                + "volume(width, height, depth): missing a required argument: 'height'"
                + NL + "    def volume(width, height, depth):" + NL + "        ^"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(sources.resolve("shapes.py") + ":13: "
                + "Shapes.named -> shapes.named: parameter 1 ('name') is a Java String, but the Python hint is int"
                + NL + "    def named(name: int) -> int:" + NL + "                    ^"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith(sources.resolve("shapes.py") + ":16: "
                + "Shapes.described -> shapes.described: returns a Java String, but the Python function's hint is int | None"));
    }

    @Test
    void aWrongKeywordNameAndAMissingFunction() throws IOException {
        Files.writeString(sources.resolve("shapes.py"), Files.readString(sources.resolve("shapes.py"))
                .replace("*, factor: float", "*, scale: float"));
        List<String> problems = check(Missing.class, Shapes.class);
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("Shapes.scaled -> shapes.scaled: Python function "
                + "shapes.scaled cannot take 2 positional argument(s) and keywords [factor]: "
                + "scaled(width, height, *, scale=1.0): got an unexpected keyword argument 'factor'"));
        assertThat(problems).anySatisfy(p -> assertThat(p).isEqualTo(sources.resolve("shapes.py")
                + ": Missing.perimeter -> shapes.perimeter: Python module 'shapes' (" + sources.resolve("shapes.py")
                + ") has no function 'perimeter'"));
    }

    @Test
    void aModuleOutsideTheSourcesIsNotJudged() throws IOException {
        assertThat(check(NotInTheSources.class)).as("math is the interpreter's; only the syntax errors remain")
                .allMatch(p -> p.contains("SyntaxError"));
    }

    @Test
    void keywordsBindInSnakeCaseOrAsJavaSpellsThemAsAtRunTime() throws IOException {
        Files.writeString(sources.resolve("units.py"), String.join("\n",
                "def convert(amount, *, from_unit, to_unit):",
                "    return ''",
                "",
                "def legacy(amount, *, fromUnit):",
                "    return ''",
                "",
                "def typed(*, from_unit: str) -> str:",
                "    return from_unit",
                "",
                "def wrong(*, from_unit):",
                "    return ''",
                ""));
        List<String> problems = check(Units.class).stream().filter(p -> !p.contains("SyntaxError")).toList();
        assertThat(problems).hasSize(2);
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("Units.typed -> units.typed: keyword 'from_unit' is a "
                + "Java long, but the Python hint is str"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("Units.wrong -> units.wrong: Python function "
                + "units.wrong cannot take 0 positional argument(s) and keywords [from_units]: "
                + "wrong(*, from_unit): missing a required argument: 'from_unit'"));
    }
}
