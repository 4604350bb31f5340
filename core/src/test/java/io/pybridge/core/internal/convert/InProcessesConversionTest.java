package io.pybridge.core.internal.convert;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pybridge.core.CPythonTest;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.SharedRuntime;
import io.pybridge.core.exception.PythonConversionException;
import org.junit.jupiter.api.Test;

/** {@link ConversionTest}'s cases through the worker processes: the same conversions out of process. */
@CPythonTest
class InProcessesConversionTest extends ConversionTest {

    @Override
    PythonTemplate template() {
        return SharedRuntime.template().inProcesses();
    }

    /** A worker's objects cannot be held from the JVM: a value with no data form is refused, naming its type. */
    @Override
    @Test
    void aValueWithoutNaturalFormIsAHandle() {
        assertThatThrownBy(() -> python.eval("object()", Object.class)).isInstanceOf(PythonConversionException.class)
                .hasMessageContaining("builtins.object").hasMessageContaining("worker process");
        assertThatThrownBy(() -> python.eval("object()", String.class)).isInstanceOf(PythonConversionException.class)
                .hasMessageContaining("object");
    }
}
