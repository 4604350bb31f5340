package io.pybridge.core.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.CPythonTest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Python's fault handler never takes the JVM's signals: not from {@code PYTHONFAULTHANDLER=1},
 * not from {@code PYTHONDEVMODE=1}, not from {@code faulthandler.enable()}; and
 * {@code faulthandler.dump_traceback()} works with the log sink installed. Each case runs in a
 * child JVM that throws 100,000 implicit NullPointerExceptions in compiled code afterwards.
 */
@CPythonTest
class FaultHandlerTest {

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void pythonFaultHandlerEnvironmentIsNotApplied() throws Exception {
        for (Map<String, String> environment : List.of(Map.of("PYTHONFAULTHANDLER", "1"), Map.of("PYTHONDEVMODE", "1"))) {
            ChildJvm.Result child = ChildJvm.run(FaultHandlerProbe.class, List.of(), environment);
            assertThat(child.exitCode()).as(environment + ": " + child.describe()).isZero();
            assertThat(child.lines("enabled-after-boot ")).as(child.describe()).containsExactly("false");
            assertSurvived(child);
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void faulthandlerEnableIsRefusedWithAWarning() throws Exception {
        ChildJvm.Result child = ChildJvm.run(FaultHandlerProbe.class, List.of(), Map.of("PYTHONFAULTHANDLER", "1"),
                "enable");
        assertThat(child.exitCode()).as(child.describe()).isZero();
        assertThat(child.lines("enable-warning ")).singleElement().asString()
                .contains("faulthandler.enable() ignored");
        assertThat(child.lines("enabled-after-enable ")).containsExactly("false");
        assertSurvived(child);
    }

    private static void assertSurvived(ChildJvm.Result child) {
        assertThat(child.lines("dump-traceback-in-log ")).as(child.describe()).containsExactly("true");
        assertThat(child.lines("npe ")).as(child.describe()).containsExactly("100000");
        assertThat(child.lines("after ")).as(child.describe()).containsExactly("42");
    }
}
