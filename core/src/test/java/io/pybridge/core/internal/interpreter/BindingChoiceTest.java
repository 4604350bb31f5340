package io.pybridge.core.internal.interpreter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pybridge.core.exception.PythonInitializationException;
import io.pybridge.core.exception.PythonInitializationException.Reason;
import io.pybridge.core.runtime.NativeBinding;
import org.junit.jupiter.api.Test;

/** Which binding a runtime uses, without an interpreter. */
class BindingChoiceTest {

    private static final String NO_FFM = "this is JDK 17 and java.lang.foreign needs JDK 22+";

    @Test
    void autoMeansFfmWhereItRunsAndJnaElsewhere() {
        assertThat(BindingChoice.resolve(NativeBinding.AUTO, null, null)).isEqualTo(NativeBinding.FFM);
        assertThat(BindingChoice.resolve(NativeBinding.AUTO, null, NO_FFM)).isEqualTo(NativeBinding.JNA);
        assertThat(BindingChoice.resolve(NativeBinding.AUTO, " ", null)).isEqualTo(NativeBinding.FFM);
        assertThat(BindingChoice.resolve(NativeBinding.AUTO, "auto", NO_FFM)).isEqualTo(NativeBinding.JNA);
    }

    @Test
    void theSystemPropertyDecidesOnlyWhenTheConfigurationSaysAuto() {
        assertThat(BindingChoice.resolve(NativeBinding.AUTO, "jna", null)).isEqualTo(NativeBinding.JNA);
        assertThat(BindingChoice.resolve(NativeBinding.AUTO, "FFM", null)).isEqualTo(NativeBinding.FFM);
        assertThat(BindingChoice.resolve(NativeBinding.FFM, "jna", null)).isEqualTo(NativeBinding.FFM);
        assertThat(BindingChoice.resolve(NativeBinding.JNA, "ffm", null)).isEqualTo(NativeBinding.JNA);
    }

    @Test
    void jnaCanAlwaysBeForced() {
        assertThat(BindingChoice.resolve(NativeBinding.JNA, null, NO_FFM)).isEqualTo(NativeBinding.JNA);
    }

    @Test
    void ffmForcedWhereItCannotRunSaysWhoAskedAndWhy() {
        assertThatThrownBy(() -> BindingChoice.resolve(NativeBinding.FFM, null, NO_FFM))
                .isInstanceOfSatisfying(PythonInitializationException.class, ex -> {
                    assertThat(ex.getReason()).isEqualTo(Reason.BINDING_UNAVAILABLE);
                    assertThat(ex.getMessage()).contains("the configuration").contains(NO_FFM);
                    assertThat(ex.getAction()).contains("JNA");
                });
        assertThatThrownBy(() -> BindingChoice.resolve(NativeBinding.AUTO, "ffm", NO_FFM))
                .isInstanceOfSatisfying(PythonInitializationException.class,
                        ex -> assertThat(ex.getMessage()).contains("-Dpybridge.native-binding"));
    }

    @Test
    void anUnknownPropertyValueNamesTheAcceptedOnes() {
        assertThatThrownBy(() -> BindingChoice.resolve(NativeBinding.AUTO, "jni", null))
                .isInstanceOfSatisfying(PythonInitializationException.class, ex -> {
                    assertThat(ex.getReason()).isEqualTo(Reason.BINDING_UNAVAILABLE);
                    assertThat(ex.getMessage()).contains("'jni'").contains("auto, ffm or jna");
                });
    }
}
