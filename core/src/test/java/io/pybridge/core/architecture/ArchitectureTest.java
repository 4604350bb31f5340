package io.pybridge.core.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.PythonRuntime;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The layering of pybridge-core, enforced on its compiled classes (no interpreter needed):
 * exceptions at the bottom, the public API above them, the implementation under
 * {@code io.pybridge.core.internal} reached from the API through one door, {@link PythonRuntime}.
 */
class ArchitectureTest {

    private static final String CORE = "io.pybridge.core";

    private static final Predicate<String> INTERNAL = name -> name.startsWith(CORE + ".internal");

    private static final Predicate<String> API = name -> name.startsWith(CORE) && !INTERNAL.test(name);

    private final PackageGraph graph = PackageGraph.of(PythonRuntime.class);

    @Test
    void packagesFormNoCycleOnceTheSeamIsSetAside() {
        assertThat(graph.withoutSeam(PythonRuntime.class, INTERNAL).cycles()).isEmpty();
    }

    @Test
    void theApiReachesTheImplementationOnlyThroughPythonRuntime() {
        assertThat(graph.withoutSeam(PythonRuntime.class, INTERNAL).dependencies(API, INTERNAL)).isEmpty();
        assertThat(graph.dependencies(API, INTERNAL)).isNotEmpty().allMatch(edge -> edge.startsWith(
                PythonRuntime.class.getName() + " -> "));
    }

    @Test
    void theImplementationNeverReachesBackThroughTheSeam() {
        // The door opens one way: PythonRuntime uses EmbeddedPython, which keeps a lifecycle of
        // its own that the runtime maps to PythonRuntime.State. (Internal classes may use other
        // API types, such as the callbacks they run, so the package-level check above needs the
        // seam set aside; this one holds for the seam class itself.)
        assertThat(graph.dependencies(INTERNAL, name -> name.equals(CORE))).isNotEmpty()
                .noneMatch(edge -> edge.endsWith(" -> " + PythonRuntime.class.getName()));
    }

    @Test
    void exceptionsImportNothingElseOfPybridge() {
        assertThat(graph.dependencies(name -> name.equals(CORE + ".exception"), name -> name.startsWith("io.pybridge")))
                .isEmpty();
    }

    @Test
    void theRuntimeDescriptionsAndTheBindingSitBelowEverythingThatUsesThem() {
        // Values (configuration, snapshots) and the C API binding depend on no layer above them.
        assertThat(graph.dependencies(name -> name.equals(CORE + ".runtime"), name -> !name.equals(CORE + ".exception")))
                .isEmpty();
        assertThat(graph.dependencies(name -> name.equals(CORE + ".internal.capi"), name -> name.startsWith("io.pybridge")))
                .isEmpty();
    }

    @Test
    void everyPackageIsNullMarked() {
        assertThat(graph.allPackages(CORE)).hasSizeGreaterThanOrEqualTo(9);
        assertThat(graph.packagesWithoutNullMarked(CORE)).isEmpty();
    }

    @Test
    void theGraphIsReallyRead() {
        // Guards the rules above against an empty graph (jdeps finding nothing would pass them all).
        assertThat(graph.packages()).contains(CORE, CORE + ".internal.interpreter", CORE + ".internal.attach");
        assertThat(graph.packageEdges().get(CORE + ".internal.interpreter")).contains(CORE + ".internal.attach");
    }
}
