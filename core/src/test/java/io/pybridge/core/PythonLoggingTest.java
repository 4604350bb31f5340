package io.pybridge.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.CollectingLogSink.Entry;
import io.pybridge.core.runtime.PythonLogSink;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Python's logging and stdout/stderr reach the configured Java sink, from any Python thread. */
@CPythonTest
class PythonLoggingTest {

    private final PythonTemplate python = SharedRuntime.template();

    private static List<Entry> from(String logger) {
        return SharedRuntime.LOG.entries().stream().filter(e -> e.logger().equals(logger)).toList();
    }

    @Test
    void loggingRecordsArriveWithLevelsAndTracebacks() {
        python.exec("import logging\n"
                + "_log = logging.getLogger('pybridge.test.records')\n"
                + "_log.debug('debug %s', 1)\n_log.info('info')\n_log.warning('warn')\n_log.error('error')\n"
                + "_log.critical('critical')\n"
                + "try:\n    1 / 0\nexcept ZeroDivisionError:\n    _log.exception('failed')\n");
        List<Entry> entries = from("pybridge.test.records");
        assertThat(entries).extracting(Entry::level).containsExactly(PythonLogSink.DEBUG, PythonLogSink.INFO,
                PythonLogSink.WARNING, PythonLogSink.ERROR, PythonLogSink.CRITICAL, PythonLogSink.ERROR);
        assertThat(entries.get(0).message()).isEqualTo("debug 1");
        assertThat(entries.get(5).message()).startsWith("failed").contains("Traceback (most recent call last)")
                .contains("ZeroDivisionError");
    }

    @Test
    void stdoutAndStderrArriveLineByLine() {
        python.exec("import sys\nprint('first line\\nsecond line')\nprint('to err', file=sys.stderr)\n"
                + "sys.stdout.write('partial')\nsys.stdout.flush()\n");
        assertThat(from("stdout")).extracting(Entry::message).contains("first line", "second line", "partial");
        assertThat(from("stdout")).allMatch(e -> e.level() == PythonLogSink.INFO);
        assertThat(from("stderr")).extracting(Entry::message).contains("to err");
        assertThat(from("stderr")).allMatch(e -> e.level() == PythonLogSink.WARNING);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aPythonThreadCanLogWhileNoJavaCallRuns() throws Exception {
        python.exec("import logging, threading\n"
                + "_t = threading.Thread(target=lambda: logging.getLogger('pybridge.test.thread').warning('from thread'))\n"
                + "_t.start()\n");
        while (from("pybridge.test.thread").isEmpty()) {
            Thread.sleep(10);
        }
        assertThat(from("pybridge.test.thread")).extracting(Entry::message).containsExactly("from thread");
        python.exec("_t.join()");
    }
}
