package io.pybridge.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.runtime.PythonCallContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** Carrying the MDC: installed for the call, the worker's own put back after. Pure: no Python. */
class MdcPythonCallContextTests {

    private final MdcPythonCallContext mdc = new MdcPythonCallContext();

    @AfterEach
    void clear() {
        MDC.clear();
    }

    @Test
    void theCallersMdcIsInstalledAndRemoved() {
        MDC.put("traceId", "t1");
        Object captured = mdc.capture();
        MDC.clear(); // now "the worker"
        try (PythonCallContext.Scope scope = mdc.restore(captured)) {
            assertThat(MDC.get("traceId")).isEqualTo("t1");
        }
        assertThat(MDC.get("traceId")).isNull();
    }

    @Test
    void aWorkersOwnMdcIsPutBack() {
        MDC.put("traceId", "t1");
        Object captured = mdc.capture();
        MDC.clear();
        MDC.put("worker", "w");
        try (PythonCallContext.Scope scope = mdc.restore(captured)) {
            assertThat(MDC.get("traceId")).isEqualTo("t1");
            assertThat(MDC.get("worker")).isNull();
        }
        assertThat(MDC.get("worker")).isEqualTo("w");
        assertThat(MDC.get("traceId")).isNull();
    }

    @Test
    void anEmptyMdcCarriesNothingAndCostsNothing() {
        assertThat(mdc.capture()).isNull();
        assertThat(mdc.restore(null)).isSameAs(PythonCallContext.Scope.EMPTY);
    }
}
