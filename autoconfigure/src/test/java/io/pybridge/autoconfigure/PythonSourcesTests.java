package io.pybridge.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import io.pybridge.core.runtime.DisplayRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/** Python sources are found in place on the file system and unpacked once from jars into the cache. */
class PythonSourcesTests {

    @TempDir
    Path dir;

    @Test
    void fileSystemLocationIsUsedInPlace() {
        PythonSources sources = new PythonSources(new PathMatchingResourcePatternResolver(), dir.resolve("cache"));
        Path found = sources.directory("classpath:python/", PythonSources.SOURCES).orElseThrow();
        assertThat(found.resolve("autoconf_mod.py")).exists();
        assertThat(found.toString()).contains("test-classes");
    }

    @Test
    void sourcesABuildCopiedAreNamedByTheProjectsFolder() {
        PythonSources sources = new PythonSources(new PathMatchingResourcePatternResolver(), dir.resolve("cache"));
        PythonSources.Folder found = sources.folder("classpath:python/", PythonSources.SOURCES, "pybridge.python.sources",
                "classpath:python/").orElseThrow();
        // This module's own test resources, which Maven copied to target/test-classes.
        assertThat(found.shownAs()).isEqualTo(DisplayRoot.folder(Path.of("src/test/resources/python")));
        assertThat(Path.of(found.shownAs().name()).resolve("autoconf_mod.py")).exists();
    }

    @Test
    void mavenAndGradleOutputsNameSrcMainResourcesOnlyWhereTheProjectHasIt() throws IOException {
        Path maven = dir.resolve("maven-app");
        Files.createDirectories(maven.resolve("target/classes/python"));
        Path mavenSources = Files.createDirectories(maven.resolve("src/main/resources/python"));
        Path gradle = dir.resolve("gradle-app");
        Files.createDirectories(gradle.resolve("build/resources/main/python"));
        Path gradleSources = Files.createDirectories(gradle.resolve("src/main/resources/python"));
        Path generated = dir.resolve("generated-app");
        Files.createDirectories(generated.resolve("target/classes/python"));
        assertThat(inPlace(maven.resolve("target/classes"))).isEqualTo(DisplayRoot.folder(mavenSources));
        assertThat(inPlace(gradle.resolve("build/resources/main"))).isEqualTo(DisplayRoot.folder(gradleSources));
        assertThat(inPlace(generated.resolve("target/classes"))).as("no src/main/resources/python: nothing guessed")
                .isNull();
    }

    private DisplayRoot inPlace(Path classes) throws IOException {
        try (URLClassLoader loader = new URLClassLoader(new URL[] { classes.toUri().toURL() }, null)) {
            PythonSources sources = new PythonSources(new PathMatchingResourcePatternResolver(loader), dir.resolve("cache"));
            PythonSources.Folder found = sources.folder("classpath:python/", PythonSources.SOURCES, null, null).orElseThrow();
            assertThat(found.path()).isEqualTo(classes.resolve("python"));
            return found.shownAs();
        }
    }

    @Test
    void missingLocationAddsNothing() {
        assertThat(new PythonSources(new PathMatchingResourcePatternResolver(), dir.resolve("cache")).directory("classpath:no-such-dir/", PythonSources.SOURCES))
                .isEmpty();
    }

    @Test
    void jarLocationIsUnpackedWithItsPackages() throws IOException {
        Path jar = dir.resolve("app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            entry(out, "pyjar/", null);
            entry(out, "pyjar/top.py", "VALUE = 1\n");
            entry(out, "pyjar/pkg/", null);
            entry(out, "pyjar/pkg/__init__.py", "");
            entry(out, "pyjar/pkg/inner.py", "NAME = 'inner'\n");
            entry(out, "pyjar/data/table.csv", "a,b\n1,2\n");
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] { jar.toUri().toURL() }, null)) {
            PythonSources sources = new PythonSources(new PathMatchingResourcePatternResolver(loader), dir.resolve("cache"));
            Path unpacked = sources.directory("classpath:pyjar/", PythonSources.SOURCES).orElseThrow();
            assertThat(unpacked).startsWith(dir.resolve("cache").resolve(PythonSources.SOURCES));
            assertThat(unpacked.resolve("top.py")).hasContent("VALUE = 1");
            assertThat(unpacked.resolve("pkg/__init__.py")).exists();
            assertThat(unpacked.resolve("pkg/inner.py")).hasContent("NAME = 'inner'");
            assertThat(unpacked.resolve("data/table.csv")).hasContent("a,b\n1,2");
            java.nio.file.attribute.FileTime written = Files.getLastModifiedTime(unpacked.resolve("top.py"));

            assertThat(sources.directory("classpath:pyjar/", PythonSources.SOURCES)).as("the next start reuses it")
                    .contains(unpacked);
            // Tracebacks name the classpath resource, not the cache's copy.
            assertThat(sources.folder("classpath:pyjar", PythonSources.SOURCES, null, null)).get()
                    .isEqualTo(new PythonSources.Folder(unpacked, DisplayRoot.named("classpath:pyjar/")));
            assertThat(Files.getLastModifiedTime(unpacked.resolve("top.py"))).isEqualTo(written);
        }
    }

    private static void entry(JarOutputStream out, String name, String content) throws IOException {
        out.putNextEntry(new JarEntry(name));
        if (content != null) {
            OutputStream stream = out;
            stream.write(content.getBytes(StandardCharsets.UTF_8));
        }
        out.closeEntry();
    }
}
