package io.pybridge.core.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How pybridge names the files under one python-path folder in what it reports (the frames of a
 * {@code PythonException}, its message, a syntax error's file): the file the developer edits,
 * where Python runs a copy of it. Python itself keeps the real paths (imports, {@code __file__},
 * {@code co_filename}); only what pybridge reports changes. Give it with
 * {@link PythonRuntimeConfig.Builder#addPythonPath(Path, DisplayRoot)}.
 *
 * @param name what a file's path in the folder is appended to, or the folder the files are looked
 *     for in (see {@code existingOnly})
 * @param existingOnly false: every file is shown as {@code name} followed by its path in the folder,
 *     {@code /}-separated ({@link #named}); true: {@code name} is a folder, and a file is shown as
 *     the file of the same path in it only where that file exists, else by its own path
 *     ({@link #folder})
 */
public record DisplayRoot(String name, boolean existingOnly) {

    /**
     * Where a build copies a project's resources, and the project folder they come from: Maven's
     * {@code target/classes} and {@code target/test-classes}, Gradle's {@code build/resources/main}
     * and {@code build/resources/test}.
     */
    private static final List<List<String>> BUILD_OUTPUTS = List.of(
            List.of("target", "classes"), List.of("target", "test-classes"),
            List.of("build", "resources", "main"), List.of("build", "resources", "test"));

    private static final List<List<String>> PROJECT_RESOURCES = List.of(
            List.of("src", "main", "resources"), List.of("src", "test", "resources"),
            List.of("src", "main", "resources"), List.of("src", "test", "resources"));

    public DisplayRoot {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("A display root needs a name");
        }
    }

    /**
     * Folders and their display roots in the order a file is matched against them: the longest
     * folder first, so a folder inside another is matched before it. Each entry is
     * {@code [absolute folder, name, existingOnly]}, as {@code _pybridge.configure} reads them
     * (in-process and in worker processes).
     */
    public static List<List<Object>> inMatchOrder(Map<Path, DisplayRoot> roots) {
        return roots.entrySet().stream()
                .map(root -> List.<Object>of(root.getKey().toAbsolutePath().toString(), root.getValue().name(),
                        root.getValue().existingOnly()))
                .sorted(Comparator.comparingInt((List<Object> root) -> ((String) root.get(0)).length()).reversed())
                .toList();
    }

    /**
     * Every file under the folder is shown as {@code prefix} followed by its path in the folder: for
     * a folder unpacked from the classpath location {@code classpath:python/}, that prefix, so the
     * folder's {@code trips.py} is {@code classpath:python/trips.py}.
     *
     * @param prefix what the file's path is appended to, as it is (end it with {@code /})
     */
    public static DisplayRoot named(String prefix) {
        return new DisplayRoot(prefix, false);
    }

    /**
     * The folder holds copies of files of {@code sources} (the project's sources a build copied):
     * a file is shown as the file of the same path under {@code sources} where that file exists,
     * else by its own path. Whether it exists is checked once per file, when it is first reported.
     */
    public static DisplayRoot folder(Path sources) {
        return new DisplayRoot(sources.toAbsolutePath().normalize().toString(), true);
    }

    /**
     * The project folder that {@code buildOutput} is a build's copy of, as a {@link #folder} root:
     * for {@code <project>/target/classes/python} (Maven) or
     * {@code <project>/build/resources/main/python} (Gradle), {@code <project>/src/main/resources/python}
     * ({@code src/test/resources} for test resources), if that folder exists. Empty for any other
     * folder: nothing is guessed.
     */
    public static Optional<DisplayRoot> projectSourcesOf(Path buildOutput) {
        Path folder = buildOutput.toAbsolutePath().normalize();
        int count = folder.getNameCount();
        // The output nearest the folder: a project inside a folder named target or build still works.
        for (int start = count - 2; start >= 0; start--) {
            for (int kind = 0; kind < BUILD_OUTPUTS.size(); kind++) {
                List<String> output = BUILD_OUTPUTS.get(kind);
                if (start + output.size() <= count && matches(folder, start, output)) {
                    Path project = start == 0 ? folder.getRoot() : folder.getRoot().resolve(folder.subpath(0, start));
                    Path sources = project;
                    for (String part : PROJECT_RESOURCES.get(kind)) {
                        sources = sources.resolve(part);
                    }
                    if (start + output.size() < count) {
                        sources = sources.resolve(folder.subpath(start + output.size(), count).toString());
                    }
                    return Files.isDirectory(sources) ? Optional.of(folder(sources)) : Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static boolean matches(Path folder, int start, List<String> names) {
        for (int i = 0; i < names.size(); i++) {
            if (!folder.getName(start + i).toString().equals(names.get(i))) {
                return false;
            }
        }
        return true;
    }
}
