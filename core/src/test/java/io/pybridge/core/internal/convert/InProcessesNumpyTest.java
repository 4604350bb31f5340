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
}
