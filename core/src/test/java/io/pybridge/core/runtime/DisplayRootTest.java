package io.pybridge.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which project folder a build's output stands for: only one that exists, never a guess. */
class DisplayRootTest {

    @TempDir
    Path project;

    @Test
    void mavensTargetClassesStandsForSrcMainResources() throws Exception {
        Path sources = Files.createDirectories(project.resolve("src/main/resources/python"));
        Path output = Files.createDirectories(project.resolve("target/classes/python"));
        assertThat(DisplayRoot.projectSourcesOf(output)).contains(DisplayRoot.folder(sources));
        assertThat(DisplayRoot.folder(sources)).isEqualTo(new DisplayRoot(sources.toAbsolutePath().toString(), true));
    }

    @Test
    void gradlesResourcesAndTestResourcesToo() throws Exception {
        Path main = Files.createDirectories(project.resolve("src/main/resources/py/lib"));
        Path test = Files.createDirectories(project.resolve("src/test/resources/python"));
        assertThat(DisplayRoot.projectSourcesOf(Files.createDirectories(project.resolve("build/resources/main/py/lib"))))
                .contains(DisplayRoot.folder(main));
        assertThat(DisplayRoot.projectSourcesOf(Files.createDirectories(project.resolve("target/test-classes/python"))))
                .contains(DisplayRoot.folder(test));
        assertThat(DisplayRoot.projectSourcesOf(Files.createDirectories(project.resolve("build/resources/test/python"))))
                .contains(DisplayRoot.folder(test));
    }

    @Test
    void theBuildOutputNearestTheFolderCounts() throws Exception {
        // A project checked out inside a folder named target: its own target/classes is the output.
        Path nested = project.resolve("target/classes/checkout");
        Path sources = Files.createDirectories(nested.resolve("src/main/resources/python"));
        assertThat(DisplayRoot.projectSourcesOf(Files.createDirectories(nested.resolve("target/classes/python"))))
                .contains(DisplayRoot.folder(sources));
    }

    @Test
    void noProjectFolderNoDisplayRoot() throws Exception {
        // target/classes without src/main/resources/python (sources generated into the output).
        assertThat(DisplayRoot.projectSourcesOf(Files.createDirectories(project.resolve("target/classes/python"))))
                .isEmpty();
        // Not a build's output at all: a folder of the cache, or the project's sources themselves.
        assertThat(DisplayRoot.projectSourcesOf(Files.createDirectories(project.resolve("cache/app-1")))).isEmpty();
        assertThat(DisplayRoot.projectSourcesOf(Files.createDirectories(project.resolve("src/main/resources/python"))))
                .isEmpty();
    }

    @Test
    void aNameIsRequired() {
        assertThatThrownBy(() -> DisplayRoot.named("")).isInstanceOf(IllegalArgumentException.class);
        assertThat(DisplayRoot.named("classpath:python/")).isEqualTo(new DisplayRoot("classpath:python/", false));
    }

    @Test
    void aFolderInsideAnotherIsMatchedFirst() {
        java.util.Map<java.nio.file.Path, DisplayRoot> roots = new java.util.LinkedHashMap<>();
        roots.put(java.nio.file.Path.of("/app/python"), DisplayRoot.named("classpath:python/"));
        roots.put(java.nio.file.Path.of("/app/python/vendor/lib"), DisplayRoot.folder(java.nio.file.Path.of("/src/lib")));
        roots.put(java.nio.file.Path.of("/app"), DisplayRoot.named("app/"));
        assertThat(DisplayRoot.inMatchOrder(roots)).containsExactly(
                java.util.List.of("/app/python/vendor/lib", "/src/lib", true),
                java.util.List.of("/app/python", "classpath:python/", false),
                java.util.List.of("/app", "app/", false));
    }
}
