package io.pybridge.autoconfigure.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.autoconfigure.PythonAutoConfiguration;
import io.pybridge.core.architecture.PackageGraph;
import org.junit.jupiter.api.Test;

/** The Spring module uses pybridge-core's public API only, and its packages form no cycle. */
class AutoConfigurationArchitectureTest {

    private final PackageGraph graph = PackageGraph.of(PythonAutoConfiguration.class);

    @Test
    void usesOnlyThePublicApiOfCore() {
        assertThat(graph.dependencies(name -> name.startsWith("io.pybridge.autoconfigure"),
                name -> name.startsWith("io.pybridge.core.internal"))).isEmpty();
        // Guards against an empty graph: the module does use core.
        assertThat(graph.dependencies(name -> name.startsWith("io.pybridge.autoconfigure"),
                name -> name.startsWith("io.pybridge.core"))).isNotEmpty();
    }

    @Test
    void packagesFormNoCycle() {
        assertThat(graph.cycles()).isEmpty();
    }

    @Test
    void everyPackageIsNullMarked() {
        assertThat(graph.packagesWithoutNullMarked("io.pybridge.autoconfigure")).isEmpty();
    }
}
