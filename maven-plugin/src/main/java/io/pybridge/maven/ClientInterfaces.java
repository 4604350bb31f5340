package io.pybridge.maven;

import io.pybridge.core.client.PythonCall;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The {@code @PythonCall} interfaces among the project's compiled classes, loaded (not
 * initialized) by a class loader over the project's class path whose {@code io.pybridge.core}
 * classes are the plugin's own, so the annotations the classes carry are the ones
 * {@code ClientMethod} reads. A class file is loaded only if it names {@code PythonCall}.
 */
final class ClientInterfaces implements AutoCloseable {

    /** How a class file names the annotation type, in its constant pool. */
    private static final byte[] MARKER = "io/pybridge/core/client/PythonCall".getBytes(StandardCharsets.UTF_8);

    private final URLClassLoader loader;

    ClientInterfaces(List<URL> classpath, ClassLoader plugin) {
        this.loader = new URLClassLoader("pybridge-check", classpath.toArray(URL[]::new), new SharedCore(plugin));
    }

    /** The interfaces under {@code classes} with {@code @PythonCall} on the type or on a method, by name. */
    List<Class<?>> find(Path classes) throws IOException {
        List<Class<?>> found = new ArrayList<>();
        if (!Files.isDirectory(classes)) {
            return found;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(file -> file.toString().endsWith(".class")).sorted().toList();
        }
        for (Path file : files) {
            String relative = classes.relativize(file).toString();
            if (relative.endsWith("module-info.class") || relative.endsWith("package-info.class")
                    || !contains(Files.readAllBytes(file), MARKER)) {
                continue;
            }
            String name = relative.substring(0, relative.length() - ".class".length()).replace(file.getFileSystem()
                    .getSeparator(), ".");
            Class<?> type;
            try {
                type = Class.forName(name, false, loader);
            }
            catch (ClassNotFoundException | LinkageError ex) {
                continue; // a class that does not load here is no client the check can read
            }
            if (type.isInterface() && !type.isAnnotation() && (type.isAnnotationPresent(PythonCall.class)
                    || Arrays.stream(type.getMethods()).anyMatch(m -> m.isAnnotationPresent(PythonCall.class)))) {
                found.add(type);
            }
        }
        return found;
    }

    private static boolean contains(byte[] data, byte[] marker) {
        outer:
        for (int i = 0; i <= data.length - marker.length; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (data[i + j] != marker[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        loader.close();
    }

    /** The JDK's classes, then pybridge-core's from the plugin (the project's copy is never used); nothing else. */
    private static final class SharedCore extends ClassLoader {

        private final ClassLoader plugin;

        SharedCore(ClassLoader plugin) {
            super(ClassLoader.getPlatformClassLoader());
            this.plugin = plugin;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            if (name.startsWith("io.pybridge.core.")) {
                return plugin.loadClass(name);
            }
            throw new ClassNotFoundException(name);
        }
    }
}
