package io.pybridge.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Finds a client interface's method in the project's Java sources, so a problem seen from the
 * Java side (a function that does not exist, a declaration the factory refuses) points at the line
 * that declares it. A plain text search: the first line after the interface's declaration that
 * names the method followed by {@code (}.
 */
final class JavaSources {

    private final List<Path> roots;

    JavaSources(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    /** The method's line (the interface's when {@code method} is null), or null when the source is not found. */
    @Nullable SourceLocation locate(Class<?> type, @Nullable String method) {
        Class<?> top = type;
        while (top.getEnclosingClass() != null) {
            top = top.getEnclosingClass();
        }
        String relative = top.getName().replace('.', '/') + ".java";
        for (Path root : roots) {
            Path file = root.resolve(relative);
            if (Files.isRegularFile(file)) {
                return find(file, type.getSimpleName(), method);
            }
        }
        return null;
    }

    private static @Nullable SourceLocation find(Path file, String typeName, @Nullable String method) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        }
        catch (IOException | java.io.UncheckedIOException ex) {
            return new SourceLocation(file, 0, 0, "");
        }
        Pattern declaration = Pattern.compile("\\binterface\\s+(" + Pattern.quote(typeName) + ")\\b");
        Pattern name = method == null ? null : Pattern.compile("\\b(" + Pattern.quote(method) + ")\\s*\\(");
        int start = 0;
        for (int i = 0; i < lines.size(); i++) {
            Matcher found = declaration.matcher(lines.get(i));
            if (found.find()) {
                if (name == null) {
                    return new SourceLocation(file, i + 1, found.start(1) + 1, lines.get(i));
                }
                start = i;
                break;
            }
        }
        if (name != null) {
            for (int i = start; i < lines.size(); i++) {
                Matcher found = name.matcher(lines.get(i));
                if (found.find()) {
                    return new SourceLocation(file, i + 1, found.start(1) + 1, lines.get(i));
                }
            }
        }
        return new SourceLocation(file, 0, 0, "");
    }
}
