package io.pybridge.core.internal.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pybridge.core.CPythonTest;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.NdArray;
import io.pybridge.core.SharedRuntime;
import io.pybridge.core.exception.PythonConversionException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link NumpyTest}'s cases through the worker processes: the same conversions out of process. */
@CPythonTest
class InProcessesNumpyTest extends NumpyTest {

    @Override
    PythonTemplate template() {
        return SharedRuntime.template().inProcesses();
    }

    /** A worker cannot map Java's buffer: a view crosses as a copy, taken when the call is made. */
    @Override
    @Test
    void aZeroCopyViewSeesJavaWritesAndJavaSeesPythonWrites() {
        DoubleBuffer buffer = ByteBuffer.allocateDirect(8 * 6).order(ByteOrder.nativeOrder()).asDoubleBuffer();
        for (int i = 0; i < 6; i++) {
            buffer.put(i, i);
        }
        NdArray.NumpyView view = NdArray.view(buffer, 2, 3);
        if (!numpy) {
            assertThatThrownBy(() -> python.eval("v", Map.of("v", view))).isInstanceOf(PythonConversionException.class)
                    .hasMessageContaining("numpy");
            return;
        }
        python.execute(session -> {
            session.exec("import sys\nsys.modules['__main__'].held_copy = v", Map.of("v", view));
            buffer.put(4, 42.0);
            assertThat(session.eval("float(held_copy[1, 1])", Double.class)).isEqualTo(4.0);
            session.exec("held_copy[0, 0] = -1.0");
            assertThat(buffer.get(0)).isEqualTo(0.0);
            return null;
        });
    }

    /**
     * A large argument a worker returns as it is, or changed in place, is read where Java wrote it
     * (the request's shared memory, lent to the view): each view keeps its own data however many
     * calls follow, and Java's array is never written.
     */
    @Test
    void viewsOfReturnedArgumentsKeepTheirOwnData() {
        if (!numpy) {
            return;
        }
        double[] data = new double[200_000];
        java.util.Arrays.fill(data, 1.5);
        List<NdArray.NumpyView> held = new java.util.ArrayList<>();
        for (int k = 0; k < 6; k++) {
            held.add(python.callForObject("pybridge_testmod", "scale_in_place", NdArray.NumpyView.class, NdArray.of(data), k));
            held.add(python.callForObject("pybridge_testmod", "echo", NdArray.NumpyView.class, NdArray.of(data)));
        }
        for (int k = 0; k < 6; k++) {
            DoubleBuffer scaled = (DoubleBuffer) held.get(2 * k).buffer();
            DoubleBuffer echoed = (DoubleBuffer) held.get(2 * k + 1).buffer();
            assertThat(scaled.get(0)).as("call %d", k).isEqualTo(1.5 * k);
            assertThat(scaled.get(199_999)).isEqualTo(1.5 * k);
            assertThat(echoed.get(123_456)).isEqualTo(1.5);
        }
        assertThat(data).containsOnly(1.5);
        held.forEach(NdArray.NumpyView::close);
        // A function that keeps the argument and returns it: the view and Python's array share
        // memory (as an in-process view would); the next requests go elsewhere.
        python.execute(session -> {
            try (NdArray.NumpyView kept = session.callForObject("pybridge_testmod", "keep_and_return", NdArray.NumpyView.class,
                    NdArray.of(data))) {
                session.call("pybridge_testmod", "change_kept", -4.0);
                assertThat(((DoubleBuffer) kept.buffer()).get(0)).isEqualTo(-4.0);
                NdArray other = session.callForObject("pybridge_testmod", "echo", NdArray.class, NdArray.of(new double[100_000]));
                assertThat(other.doubles()).containsOnly(0.0);
                assertThat(((DoubleBuffer) kept.buffer()).get(1)).isEqualTo(1.5);
            }
            session.exec("import pybridge_testmod\npybridge_testmod._kept_array = None");
            return null;
        });
    }

    /**
     * Shared memory a worker wrote results into is written again once their views are closed:
     * the blocks a worker maps do not grow with the number of calls.
     */
    @Test
    void resultBlocksAreReusedAfterClose() throws Exception {
        if (!numpy) {
            return;
        }
        for (int i = 0; i < 40; i++) {
            try (NdArray.NumpyView view = python.eval("__import__('numpy').full(300000, i, dtype='float64')",
                    Map.of("i", i), NdArray.NumpyView.class)) {
                assertThat(((DoubleBuffer) view.buffer()).get(299_999)).isEqualTo(i);
            }
        }
        assertThat(resultBlocksMapped()).as("closed views: blocks reused").isBetween(1, 6);
        // Views dropped unclosed are given back when collected: ResultBlocksTest.
    }

    /**
     * A worker's view is read-only in numpy too, passed to the main interpreter: its memory is
     * mapped read-only, so a write must be an exception, not a segfault.
     */
    @Test
    void aWorkersViewPassedInProcessIsReadOnlyInNumpy() {
        if (!numpy) {
            return;
        }
        try (NdArray.NumpyView view = python.eval("__import__('numpy').arange(100000.0)", NdArray.NumpyView.class)) {
            PythonTemplate main = SharedRuntime.template();
            assertThat(main.eval("float(v[99999])", Map.of("v", view), Double.class)).isEqualTo(99_999.0);
            assertThat(main.eval("v.flags.writeable", Map.of("v", view), Boolean.class)).isFalse();
            assertThatThrownBy(() -> main.exec("v += 1", Map.of("v", view)))
                    .isInstanceOf(io.pybridge.core.exception.PythonException.class).hasMessageContaining("read-only");
        }
    }

    /** Result-block files the worker processes map now (Linux: their memory maps name them). */
    private static int resultBlocksMapped() throws java.io.IOException {
        int blocks = 0;
        for (var worker : SharedRuntime.get().processSnapshot()) {
            if (worker.alive()) {
                blocks += (int) java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/" + worker.pid() + "/maps"))
                        .stream().filter(line -> line.matches(".*/out-\\d+-b\\d+( \\(deleted\\))?$")).count();
            }
        }
        return blocks;
    }
}
