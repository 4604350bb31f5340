package io.pybridge.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A virtualenv's interpreter is sys.executable and its site-packages are importable. Own JVM. */
@CPythonTest
@Tag("isolated")
class VirtualenvTest {

    @Test
    void bootsFromAVirtualenv(@TempDir Path dir) throws Exception {
        String base = System.getProperty("pybridge.test.python");
        base = base == null || base.isBlank() ? "python3" : base;
        Path venv = dir.resolve("venv");
        Process create = new ProcessBuilder(base, "-m", "venv", "--without-pip", venv.toString())
                .redirectErrorStream(true).start();
        String output = new String(create.getInputStream().readAllBytes());
        assertThat(create.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(create.exitValue()).as(output).isZero();
        Path site;
        try (var found = Files.walk(venv.resolve("lib"))) {
            site = found.filter(p -> p.getFileName().toString().equals("site-packages")).findFirst().orElseThrow();
        }
        Files.writeString(site.resolve("only_in_venv.py"), "MARK = 'from the venv'\n");

        PythonRuntime runtime = PythonRuntime.start(SharedRuntime.config().executable(null).virtualenv(venv).build());
        PythonTemplate python = new PythonTemplate(runtime);
        assertThat(python.eval("__import__('only_in_venv').MARK")).isEqualTo("from the venv");
        String executable = python.eval("__import__('sys').executable", String.class);
        assertThat(Path.of(executable).getParent()).isEqualTo(venv.resolve("bin"));
        assertThat(python.eval("__import__('sys').prefix", String.class)).isEqualTo(venv.toString());
        assertThat(python.eval("__import__('sys').prefix != __import__('sys').base_prefix", Boolean.class)).isTrue();
        // subprocess with sys.executable runs inside the venv too.
        assertThat(python.eval("__import__('subprocess').run([__import__('sys').executable, '-c', "
                + "'import only_in_venv; print(only_in_venv.MARK)'], capture_output=True, text=True).stdout.strip()"))
                .isEqualTo("from the venv");
        assertThat(runtime.close(Duration.ofSeconds(5))).isTrue();
    }
}
