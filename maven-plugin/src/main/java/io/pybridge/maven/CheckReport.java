package io.pybridge.maven;

import io.pybridge.core.client.ClientMethod;
import io.pybridge.core.client.Keyword;
import io.pybridge.core.runtime.NameMapping;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns what {@code check_sources.py} printed about the client methods into problems, each once:
 * a file that does not compile is one problem whatever number of methods use it (they are named
 * in it), and two methods with the same mistake at the same place are one. Each problem is
 * {@code file:line: message}, the source line and a caret ({@link SourceLocation}).
 */
final class CheckReport {

    private final List<ClientMethod> methods;

    private final JavaSources javaSources;

    /** A syntax error's file to its problem's first part; the methods it breaks are added to it. */
    private final Map<String, String> syntaxErrors = new LinkedHashMap<>();

    private final Map<String, List<String>> brokenBy = new LinkedHashMap<>();

    private final Set<String> problems = new LinkedHashSet<>();

    private final Map<Path, List<String>> sourceLines = new LinkedHashMap<>();

    /** @param methods the methods checked, request {@code i} being {@code methods.get(i)} */
    CheckReport(List<ClientMethod> methods, JavaSources javaSources) {
        this.methods = List.copyOf(methods);
        this.javaSources = javaSources;
    }

    /**
     * The keywords as the runtime sends them by default (snake_case, see {@link NameMapping}); the
     * script, as the runtime's validation, falls back to the Java names when only those bind.
     * Two keywords one in snake_case are the runtime's to report: the Java names are checked.
     */
    private static List<String> mappedKeywords(ClientMethod method) {
        try {
            return method.keywordNames(NameMapping.SNAKE_CASE);
        }
        catch (IllegalStateException ex) {
            return method.keywordNames(NameMapping.EXACT);
        }
    }

    /** The script's requests file: one method a line, its id being its index. */
    static String requests(List<ClientMethod> methods) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < methods.size(); i++) {
            ClientMethod method = methods.get(i);
            text.append(i).append('\t').append(method.module()).append('\t').append(method.function()).append('\t')
                    .append(method.positionalCount()).append('\t').append(String.join(",", mappedKeywords(method)))
                    .append('\t').append(String.join(",", method.keywordNames(NameMapping.EXACT))).append('\n');
        }
        return text.toString();
    }

    /** A mistake the Java side alone shows (a declaration the client factory refuses). */
    void declarationProblem(Class<?> client, @Nullable String method, String message) {
        SourceLocation where = javaSources.locate(client, method);
        problems.add(where == null ? client.getName() + ": " + SourceLocation.ascii(message) : where.format(message));
    }

    /** Reads the script's output; lines that are not records (a warning Python printed) are ignored. */
    void read(List<String> output) {
        for (String line : output) {
            String[] fields = line.split("\t", -1);
            switch (fields[0]) {
                case "syntax" -> {
                    if (fields.length == 6) {
                        syntax(fields);
                    }
                }
                case "result" -> {
                    if (fields.length == 7) {
                        result(method(fields[1]), fields);
                    }
                }
                case "hint" -> {
                    if (fields.length == 6) {
                        hint(method(fields[1]), fields[2], PythonHint.parse(fields[3]), location(fields[4], fields[5]));
                    }
                }
                case "returns" -> {
                    if (fields.length == 5) {
                        returns(method(fields[1]), PythonHint.parse(fields[2]), location(fields[3], fields[4]));
                    }
                }
                default -> {
                }
            }
        }
    }

    /** Every problem once: syntax errors first, each naming the methods it breaks. */
    List<String> problems() {
        List<String> all = new ArrayList<>();
        String nl = System.lineSeparator();
        syntaxErrors.forEach((file, problem) -> {
            List<String> broken = brokenBy.getOrDefault(file, List.of());
            all.add(broken.isEmpty() ? problem
                    : problem + nl + "    it breaks " + (broken.size() == 1 ? "1 client method: " : broken.size()
                            + " client methods: ") + String.join(", ", broken));
        });
        all.addAll(problems);
        return all;
    }

    private void syntax(String[] fields) {
        SourceLocation where = new SourceLocation(Path.of(fields[1]), parse(fields[2]), parse(fields[3]), fields[5]);
        syntaxErrors.putIfAbsent(fields[1], where.format(fields[4]));
    }

    /** The current file in which a location of the script's output lies, set by each result record. */
    private @Nullable Path currentFile;

    private void result(ClientMethod method, String[] fields) {
        String status = fields[2];
        Path file = fields[3].isEmpty() ? null : Path.of(fields[3]);
        currentFile = file;
        String name = method.describe();
        switch (status) {
            case "broken" -> {
                brokenBy.computeIfAbsent(fields[3], f -> new ArrayList<>()).add(name);
                if (!syntaxErrors.containsKey(fields[3])) {
                    // A package's __init__.py or the file itself: the syntax record names it; this is a fallback.
                    syntaxErrors.put(fields[3], SourceLocation.ascii(fields[3] + ": does not compile"));
                }
            }
            case "missing" -> {
                String message = name + ": Python module '" + method.module() + "' (" + file + ") has no function '"
                        + method.function() + "'";
                SourceLocation where = javaSources.locate(method.client(), method.method().getName());
                problems.add(where == null || where.line() == 0 ? SourceLocation.ascii(file + ": " + message)
                        : where.format(message));
            }
            case "signature" -> {
                String message = name + ": Python function " + method.module() + "." + method.function() + " cannot take "
                        + method.positionalCount() + " positional argument(s)"
                        + (method.keywordNames().isEmpty() ? "" : " and keywords " + mappedKeywords(method)) + ": "
                        + fields[6];
                problems.add(at(file, fields[4], fields[5]).format(message));
            }
            default -> {
                // ok, unchecked: nothing to say
            }
        }
    }

    private void hint(ClientMethod method, String placeholder, PythonHint hint, SourceLocation where) {
        Parameter parameter = parameter(method, placeholder);
        if (parameter == null) {
            return;
        }
        Type type = parameter.getParameterizedType();
        if (!TypeCheck.argumentFits(type, hint)) {
            String keyword = placeholder.startsWith("k:") ? "keyword '" + placeholder.substring(2) + "'"
                    : "parameter " + (Integer.parseInt(placeholder.substring(1)) + 1) + " ('" + parameter.getName() + "')";
            problems.add(where.format(method.describe() + ": " + keyword + " is a Java " + javaName(type)
                    + ", but the Python hint is " + hint.python()));
        }
    }

    private void returns(ClientMethod method, PythonHint hint, SourceLocation where) {
        Type type = method.resultType();
        if (!TypeCheck.resultFits(type, hint)) {
            problems.add(where.format(method.describe() + ": returns a Java " + javaName(type)
                    + ", but the Python function's hint is " + hint.python()));
        }
    }

    /** The Java parameter the script's placeholder stands for: p<i> the i-th positional, k:<name> a keyword. */
    private static @Nullable Parameter parameter(ClientMethod method, String placeholder) {
        List<Parameter> positional = new ArrayList<>();
        Map<String, Parameter> keywords = new LinkedHashMap<>();
        List<String> names = mappedKeywords(method);
        List<String> declared = method.keywordNames(NameMapping.EXACT);
        int keyword = 0;
        for (Parameter parameter : method.method().getParameters()) {
            if (parameter.isAnnotationPresent(Keyword.class)) {
                // The script names a keyword as it bound: mapped, or as Java spells it.
                keywords.put(declared.get(keyword), parameter);
                keywords.put(names.get(keyword++), parameter);
            }
            else {
                positional.add(parameter);
            }
        }
        if (placeholder.startsWith("k:")) {
            return keywords.get(placeholder.substring(2));
        }
        int index = Integer.parseInt(placeholder.substring(1));
        return index < positional.size() ? positional.get(index) : null;
    }

    private ClientMethod method(String id) {
        return methods.get(Integer.parseInt(id));
    }

    private SourceLocation location(String line, String column) {
        return at(currentFile, line, column);
    }

    private SourceLocation at(@Nullable Path file, String line, String column) {
        Path where = file == null ? Path.of("?") : file;
        int number = parse(line);
        return new SourceLocation(where, number, parse(column), sourceLine(where, number));
    }

    private String sourceLine(Path file, int line) {
        List<String> lines = sourceLines.computeIfAbsent(file, f -> {
            try {
                return Files.readAllLines(f, StandardCharsets.UTF_8);
            }
            catch (IOException | UncheckedIOException ex) {
                return List.of();
            }
        });
        return line >= 1 && line <= lines.size() ? lines.get(line - 1) : "";
    }

    private static int parse(String number) {
        try {
            return Integer.parseInt(number);
        }
        catch (NumberFormatException ex) {
            return 0;
        }
    }

    /** {@code String}, {@code List<Integer>}: the type as written, without java.lang. and java.util. */
    static String javaName(Type type) {
        return type.getTypeName().replaceAll("\\bjava\\.(lang|util)\\.(?=[A-Z])", "");
    }
}
