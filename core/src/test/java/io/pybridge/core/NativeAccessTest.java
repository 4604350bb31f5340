package io.pybridge.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pybridge.core.matrix.ChildJvm;
import io.pybridge.core.matrix.MatrixRuns;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Native access as JDK 24+ enforces it (JEP 472), on a JDK found beside this one: with
 * {@code --illegal-native-access=deny} and no {@code --enable-native-access}, either binding
 * refuses to start with a {@code NATIVE_ACCESS_DENIED} that names the option to add; with the
 * option, it starts with no restricted-method warning. Child JVMs: the JVM flags are the point.
 */
@CPythonTest
@Tag("matrix") // run once, by the matrix execution: it starts JVMs of another JDK, like the matrix
class NativeAccessTest {

    @TempDir
    Path logs;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void deniedNativeAccessIsReportedWithWhatToAddAndEnabledAccessStartsQuietly() throws Exception {
        Optional<MatrixRuns.Jdk> jdk = MatrixRuns.jdks().stream().filter(j -> j.feature() >= 24).findFirst();
        if ("true".equals(System.getenv("CI"))) {
            assertThat(jdk).as("CI needs a JDK 24+ (--illegal-native-access)").isPresent();
        }
        assumeTrue(jdk.isPresent(), "no JDK 24+ beside this one");
        List<String> bindings = new ArrayList<>(List.of("JNA"));
        if (MatrixRuns.ffmBuilt()) {
            bindings.add("FFM");
        }
        for (String binding : bindings) {
            String denied = child(jdk.get(), binding, "--illegal-native-access=deny");
            assertThat(denied).as(binding + " denied").contains("REFUSED NATIVE_ACCESS_DENIED")
                    .contains("--enable-native-access=ALL-UNNAMED").contains("Enable-Native-Access: ALL-UNNAMED")
                    .contains(binding + " binding");
            String enabled = child(jdk.get(), binding, "--illegal-native-access=deny", "--enable-native-access=ALL-UNNAMED");
            assertThat(enabled).as(binding + " enabled").contains("STARTED " + binding + " 42")
                    .doesNotContain("restricted method");
        }
    }

    private String child(MatrixRuns.Jdk jdk, String binding, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of(jdk.home().resolve("bin/java").toString()));
        command.addAll(List.of(options));
        command.add("-Dpybridge.test.python=" + System.getProperty("pybridge.test.python", ""));
        command.addAll(List.of("-cp", ChildJvm.testClassPath(), NativeAccessDeniedMain.class.getName(), binding));
        Path log = logs.resolve(binding + options.length + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        return Files.readString(log, StandardCharsets.UTF_8);
    }
}
