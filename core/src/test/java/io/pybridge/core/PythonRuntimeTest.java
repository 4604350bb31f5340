package io.pybridge.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pybridge.core.exception.PythonInitializationException;
import io.pybridge.core.runtime.PythonInstallation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The booted interpreter: where it came from, what it can import, one per process. */
@CPythonTest
class PythonRuntimeTest {

    private final PythonTemplate python = SharedRuntime.template();

    @Test
    void sysExecutableNamesTheDiscoveredInterpreter() {
        PythonInstallation installation = SharedRuntime.get().installation();
        assertThat(installation.executable()).isNotNull();
        assertThat(python.eval("__import__('sys').executable", String.class))
                .isEqualTo(installation.executable().toString());
        assertThat(python.eval("'%d.%d.%d' % __import__('sys').version_info[:3]", String.class))
                .isEqualTo(installation.version());
        // subprocess through sys.executable reaches the same version.
        assertThat(python.eval("__import__('subprocess').run([__import__('sys').executable, '-c', "
                + "'import sys; print(\"%d.%d\" % sys.version_info[:2])'], capture_output=True, text=True).stdout.strip()",
                String.class)).isEqualTo(installation.shortVersion());
    }

    @Test
    void cExtensionModulesImportBecauseLibpythonIsGlobal() {
        assertThat(python.eval("__import__('json').loads('{\"a\": [1, 2.5]}')")).isEqualTo(
                java.util.Map.of("a", List.of(1L, 2.5)));
        assertThat(python.eval("__import__('_json').__file__", String.class)).contains(".so");
        assertThat(python.eval("str(__import__('decimal').Decimal('1.1') + __import__('decimal').Decimal('2.2'))"))
                .isEqualTo("3.3");
        assertThat(python.eval("__import__('_decimal').__file__", String.class)).contains(".so");
        python.exec("import sqlite3\n_db = sqlite3.connect(':memory:')\n_db.execute('create table t(x)')\n"
                + "_db.executemany('insert into t values (?)', [(1,), (2,)])");
        assertThat(python.eval("_db.execute('select sum(x) from t').fetchone()[0]")).isEqualTo(3L);
    }

    @Test
    void configuredPathEntriesComeFirstOnSysPath() {
        List<?> path = python.eval("__import__('sys').path", List.class);
        assertThat(path.get(0)).isEqualTo(SharedRuntime.testModules().toAbsolutePath().toString());
    }

    @Test
    void noPythonSignalHandlersAreInstalled() {
        // Py_InitializeEx(0): Python installed no handler of its own (default_int_handler), so the
        // JVM keeps SIGINT/SIGTERM. None means "not installed from Python"; SIG_IGN is what a JVM
        // started in the background with SIGINT ignored inherits (then the JVM installs none either).
        String check = "(lambda s: s.getsignal(s.%s) in (None, s.SIG_IGN))(__import__('signal'))";
        assertThat(python.eval(String.format(check, "SIGINT"), Boolean.class)).isTrue();
        assertThat(python.eval(String.format(check, "SIGTERM"), Boolean.class)).isTrue();
    }

    @Test
    void aSecondRuntimeIsRefusedWhileOneIsLive() {
        PythonRuntime live = SharedRuntime.get();
        assertThat(PythonRuntime.current()).containsSame(live);
        assertThatThrownBy(() -> PythonRuntime.start(SharedRuntime.config().build()))
                .isInstanceOf(PythonInitializationException.class)
                .hasMessageContaining("already running")
                .extracting(ex -> ((PythonInitializationException) ex).getReason())
                .isEqualTo(PythonInitializationException.Reason.ALREADY_RUNNING);
        assertThat(python.eval("1 + 1")).isEqualTo(2L);
    }

    @Test
    void theInstallationPointsAtRealFiles() {
        PythonInstallation installation = SharedRuntime.get().installation();
        assertThat(Files.isRegularFile(installation.library())).isTrue();
        assertThat(installation.library().getFileName().toString()).startsWith("libpython" + installation.shortVersion());
        assertThat(Files.isDirectory(installation.home())).isTrue();
        assertThat(installation.sitePackages()).allMatch(p -> p instanceof Path);
    }
}
