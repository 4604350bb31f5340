package io.pybridge.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What makes an installation out of date. Pure: no pip, no Python. */
class InstallationInputsTest {

    @TempDir
    Path dir;

    private final Map<String, String> cp313 = Map.of("python.version", "3.13.5", "python.abi", "cp313",
            "python.platform", "linux-x86_64");

    private PipCommand pip(List<String> packages) {
        return new PipCommand(Path.of("python"), dir.resolve("out"), packages, List.of(dir.resolve("requirements.txt")),
                List.of("--no-index", "--find-links=wheels"));
    }

    @Test
    void eachInputChangesTheHash() throws Exception {
        Files.writeString(dir.resolve("requirements.txt"), "shapes==2.0\n");
        Files.createDirectories(dir.resolve("wheels"));
        Files.writeString(dir.resolve("wheels/shapes-2.0-py3-none-any.whl"), "zip");
        String base = InstallationInputs.fingerprint(pip(List.of("greeting==1.0")), cp313, dir);
        assertThat(InstallationInputs.fingerprint(pip(List.of("greeting==1.0")), cp313, dir)).isEqualTo(base);

        assertThat(InstallationInputs.fingerprint(pip(List.of("greeting==1.1")), cp313, dir)).isNotEqualTo(base);
        assertThat(InstallationInputs.fingerprint(pip(List.of("greeting==1.0")),
                Map.of("python.version", "3.12.1", "python.abi", "cp312", "python.platform", "linux-x86_64"), dir))
                .isNotEqualTo(base);
        Files.writeString(dir.resolve("wheels/greeting-1.0-py3-none-any.whl"), "zip");
        String withWheel = InstallationInputs.fingerprint(pip(List.of("greeting==1.0")), cp313, dir);
        assertThat(withWheel).as("a wheel added to --find-links").isNotEqualTo(base);
        Files.writeString(dir.resolve("requirements.txt"), "shapes==2.1\n");
        assertThat(InstallationInputs.fingerprint(pip(List.of("greeting==1.0")), cp313, dir)).isNotEqualTo(withWheel);
    }
}
