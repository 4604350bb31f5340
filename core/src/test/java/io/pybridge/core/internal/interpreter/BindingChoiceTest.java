package io.pybridge.core.internal.interpreter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pybridge.core.exception.PythonInitializationException;
import io.pybridge.core.exception.PythonInitializationException.Reason;
import io.pybridge.core.internal.capi.FfmUnavailable;
import io.pybridge.core.internal.interpreter.BindingChoice.Choice;
import io.pybridge.core.runtime.NativeBinding;
import org.junit.jupiter.api.Test;

/** Which binding a runtime uses, without an interpreter. */
class BindingChoiceTest {

    private static final FfmUnavailable NO_FFM = FfmUnavailable.decide(17, false, null, null);

    /** JDK 25 with a jar built without the FFM classes. */
    private static final FfmUnavailable NO_CLASSES = FfmUnavailable.decide(25, false, null, "file:/app/lib/pybridge-core.jar");

    /** JDK 25 with a shaded jar that lost {@code Multi-Release: true}. */
    private static final FfmUnavailable NOT_MULTI_RELEASE = FfmUnavailable.decide(25, false,
            "jar:file:/app/app.jar!/META-INF/versions/22/io/pybridge/core/internal/capi/FfmBinding.class", "file:/app/app.jar");

    @Test
    void autoMeansFfmWhereItRunsAndJnaElsewhere() {
        assertThat(binding(NativeBinding.AUTO, null, null)).isEqualTo(NativeBinding.FFM);
        assertThat(binding(NativeBinding.AUTO, null, NO_FFM)).isEqualTo(NativeBinding.JNA);
        assertThat(binding(NativeBinding.AUTO, " ", null)).isEqualTo(NativeBinding.FFM);
        assertThat(binding(NativeBinding.AUTO, "auto", NO_FFM)).isEqualTo(NativeBinding.JNA);
        assertThat(binding(NativeBinding.AUTO, null, NO_CLASSES)).isEqualTo(NativeBinding.JNA);
    }

    @Test
    void theSystemPropertyDecidesOnlyWhenTheConfigurationSaysAuto() {
        assertThat(binding(NativeBinding.AUTO, "jna", null)).isEqualTo(NativeBinding.JNA);
        assertThat(binding(NativeBinding.AUTO, "FFM", null)).isEqualTo(NativeBinding.FFM);
        assertThat(binding(NativeBinding.FFM, "jna", null)).isEqualTo(NativeBinding.FFM);
        assertThat(binding(NativeBinding.JNA, "ffm", null)).isEqualTo(NativeBinding.JNA);
    }

    @Test
    void jnaCanAlwaysBeForced() {
        assertThat(binding(NativeBinding.JNA, null, NO_FFM)).isEqualTo(NativeBinding.JNA);
        assertThat(binding(NativeBinding.JNA, null, NO_CLASSES)).isEqualTo(NativeBinding.JNA);
    }

    @Test
    void fallingBackToJnaOnAJdkThatRunsFfmWarnsWithTheJarsDefect() {
        Choice absent = BindingChoice.decide(NativeBinding.AUTO, null, NO_CLASSES);
        assertThat(absent.binding()).isEqualTo(NativeBinding.JNA);
        assertThat(absent.warning()).startsWith("pybridge uses the JNA binding, not the faster java.lang.foreign (FFM)")
                .contains(NO_CLASSES.reason()).contains("-Dpybridge.native-binding=jna");
        Choice shaded = BindingChoice.decide(NativeBinding.AUTO, "auto", NOT_MULTI_RELEASE);
        assertThat(shaded.binding()).isEqualTo(NativeBinding.JNA);
        assertThat(shaded.warning()).contains("'Multi-Release: true'").contains("file:/app/app.jar");
    }

    @Test
    void noWarningWhereJnaIsTheDesignOrWasAskedFor() {
        assertThat(BindingChoice.decide(NativeBinding.AUTO, null, NO_FFM).warning()).isNull();
        assertThat(BindingChoice.decide(NativeBinding.JNA, null, NO_CLASSES).warning()).isNull();
        assertThat(BindingChoice.decide(NativeBinding.AUTO, "jna", NOT_MULTI_RELEASE).warning()).isNull();
        assertThat(BindingChoice.decide(NativeBinding.AUTO, null, null).warning()).isNull();
    }

    @Test
    void ffmForcedWhereItCannotRunSaysWhoAskedAndWhy() {
        assertThatThrownBy(() -> BindingChoice.decide(NativeBinding.FFM, null, NO_FFM))
                .isInstanceOfSatisfying(PythonInitializationException.class, ex -> {
                    assertThat(ex.getReason()).isEqualTo(Reason.BINDING_UNAVAILABLE);
                    assertThat(ex.getMessage()).contains("the configuration").contains(NO_FFM.reason());
                    assertThat(ex.getAction()).contains("JNA");
                });
        assertThatThrownBy(() -> BindingChoice.decide(NativeBinding.AUTO, "ffm", NOT_MULTI_RELEASE))
                .isInstanceOfSatisfying(PythonInitializationException.class,
                        ex -> assertThat(ex.getMessage()).contains("-Dpybridge.native-binding").contains("Multi-Release"));
    }

    @Test
    void anUnknownPropertyValueNamesTheAcceptedOnes() {
        assertThatThrownBy(() -> BindingChoice.decide(NativeBinding.AUTO, "jni", null))
                .isInstanceOfSatisfying(PythonInitializationException.class, ex -> {
                    assertThat(ex.getReason()).isEqualTo(Reason.BINDING_UNAVAILABLE);
                    assertThat(ex.getMessage()).contains("'jni'").contains("auto, ffm or jna");
                });
    }

    private static NativeBinding binding(NativeBinding configured, String property, FfmUnavailable ffmUnavailable) {
        return BindingChoice.decide(configured, property, ffmUnavailable).binding();
    }
}
