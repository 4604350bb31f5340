package io.pybridge.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.internal.interpreter.PythonLocator;
import io.pybridge.core.runtime.PythonInstallation;
import io.pybridge.core.runtime.PythonRuntimeConfig;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Booted from a configured library alone (no executable), the runtime still reports the full
 * version: the library's name says only {@code 3.X}, the booted interpreter says the rest. Own JVM.
 */
@CPythonTest
@Tag("isolated")
class LibraryPathBootTest {

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void theFullVersionIsKnownAfterBootingFromALibrary() {
        PythonInstallation located = new PythonLocator(SharedRuntime.config().build()).locate();
        PythonInstallation fromLibrary = new PythonLocator(PythonRuntimeConfig.builder()
                .libraryPath(located.library()).build()).locate();
        assertThat(fromLibrary.version()).as("from the file name").isEqualTo(located.shortVersion());
        try (PythonRuntime runtime = PythonRuntime.start(PythonRuntimeConfig.builder().libraryPath(located.library())
                .build())) {
            assertThat(runtime.installation().version()).isEqualTo(located.version());
            assertThat(new PythonTemplate(runtime).eval("1 + 1")).isEqualTo(2L);
        }
    }
}
