package io.pybridge.maven;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.runtime.PythonPackagesManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the plugin writes is what the runtime reads, byte for byte the same for the same installation. */
class InstalledManifestTest {

    @TempDir
    Path dir;

    private final Map<String, String> described = InstalledManifest.parse(List.of("python.version=3.13.5",
            "python.abi=cp313", "python.platform=linux-x86_64", "installed=greeting==1.0,shapes==2.0", "native=false",
            "a line without a key"));

    @Test
    void theRuntimeReadsWhatThePluginWrites() throws Exception {
        InstalledManifest.write(dir, described);
        assertThat(PythonPackagesManifest.read(dir)).contains(new PythonPackagesManifest("3.13.5", "cp313",
                "linux-x86_64", false, List.of("greeting==1.0", "shapes==2.0")));
        Path stamp = dir.resolveSibling(dir.getFileName() + ".inputs");
        InstalledManifest.stamp(stamp, "abc123");
        assertThat(InstalledManifest.inputsOf(dir, stamp)).isEqualTo("abc123");
    }

    @Test
    void theSameInstallationGivesTheSameBytes() throws Exception {
        InstalledManifest.write(dir, described);
        byte[] first = Files.readAllBytes(dir.resolve(PythonPackagesManifest.FILE));
        Thread.sleep(1100); // Properties.store would write another date by now
        InstalledManifest.write(dir, described);
        assertThat(Files.readAllBytes(dir.resolve(PythonPackagesManifest.FILE))).isEqualTo(first);
    }

    @Test
    void noManifestMeansNoInputs() throws Exception {
        Path stamp = Files.writeString(dir.resolveSibling(dir.getFileName() + ".inputs"), "abc123\n");
        assertThat(InstalledManifest.inputsOf(dir, stamp)).as("the packages are gone (mvn clean of classes)").isNull();
    }

    @Test
    void aFolderThePluginDidNotMakeIsNeverEmptied() throws Exception {
        Files.writeString(dir.resolve("Application.class"), "not ours");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> InstalledManifest.clear(dir))
                .hasMessageContaining("did not install");
        assertThat(dir.resolve("Application.class")).exists();
    }
}
