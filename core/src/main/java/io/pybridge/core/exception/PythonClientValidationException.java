package io.pybridge.core.exception;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A client method does not match its Python function: the module or function is missing, or
 * its signature cannot take the method's parameters. The message names the interface, the
 * method and the Python function; the cause tells what Python said.
 *
 * <p>Several failures {@linkplain #combined combine} into one, which reports every independent
 * problem once: a module with a syntax error breaks every method that uses it, yet it is one
 * problem, reported once with the file, line, source and caret, and the methods it breaks.
 */
public class PythonClientValidationException extends PythonBridgeException {

    private static final long serialVersionUID = 1L;

    /** {@code File "path", line N}, as {@code _pybridge} writes a syntax error's location. */
    private static final Pattern LOCATION = Pattern.compile("File \"([^\"]*)\", line (\\d+)");

    private final List<String> problems;

    /** The one-method failures this one stands for (itself when it is one). */
    private final transient List<PythonClientValidationException> methodFailures;

    private final List<PythonSyntaxException> syntaxErrors;

    /** The method this failure is about ({@code Interface.method -> module.function}), or "" when combined or unknown. */
    private final String method;

    public PythonClientValidationException(String message, Throwable cause) {
        super(message, cause);
        this.problems = List.of(message);
        this.methodFailures = List.of(this);
        this.syntaxErrors = cause instanceof PythonSyntaxException syntax ? List.of(syntax) : List.of();
        this.method = "";
    }

    /**
     * One method: {@code "Python client method <method> cannot be used: <reason>"}.
     *
     * @param method the method as {@code ClientMethod.describe()} says it
     * @param reason what is wrong, from Python's side
     */
    public PythonClientValidationException(String method, String reason, @Nullable Throwable cause) {
        super("Python client method " + method + " cannot be used: " + reason, cause);
        this.problems = List.of(getMessage());
        this.methodFailures = List.of(this);
        this.syntaxErrors = cause instanceof PythonSyntaxException syntax ? List.of(syntax) : List.of();
        this.method = method;
    }

    /**
     * Several methods of one client at once: {@code problems} has one entry per broken method,
     * the others are suppressed exceptions of this one.
     */
    public PythonClientValidationException(String message, List<String> problems, Throwable cause) {
        this(message, problems, List.of(), cause instanceof PythonSyntaxException syntax ? List.of(syntax) : List.of(), cause);
    }

    private PythonClientValidationException(String message, List<String> problems,
            List<PythonClientValidationException> methodFailures, List<PythonSyntaxException> syntaxErrors, Throwable cause) {
        super(message, cause);
        this.problems = List.copyOf(problems);
        this.methodFailures = methodFailures.isEmpty() ? List.of(this) : List.copyOf(methodFailures);
        this.syntaxErrors = List.copyOf(syntaxErrors);
        this.method = "";
    }

    /**
     * One failure standing for {@code failures} (at least one), each independent problem once: a
     * syntax error first, once per file however many methods it breaks, under a headline that
     * names the file and line, then every other broken method. The cause is the first syntax
     * error, else the first failure's cause; the other failures are suppressed. A single failure
     * with no syntax error is returned as it is.
     */
    public static PythonClientValidationException combined(String subject, List<PythonClientValidationException> failures) {
        PythonClientValidationException only = failures.size() == 1 ? failures.get(0) : null;
        // A combined one stays as it is; so does one method's, unless a syntax error needs its headline.
        if (only != null && (only.syntaxErrors.isEmpty() || only.methodFailures().get(0) != only)) {
            return only;
        }
        List<PythonClientValidationException> methods = failures.stream().flatMap(f -> f.methodFailures().stream()).toList();
        // Keyed by what Python said (type, message with file, line, source and caret): the same error is one problem.
        Map<String, List<PythonClientValidationException>> bySyntaxError = new LinkedHashMap<>();
        Map<String, PythonSyntaxException> syntaxErrors = new LinkedHashMap<>();
        List<String> others = new ArrayList<>();
        for (PythonClientValidationException failure : methods) {
            if (failure.syntaxErrors.size() == 1 && failure.methodFailures().size() == 1) {
                PythonSyntaxException syntax = failure.syntaxErrors.get(0);
                String key = syntax.getPythonType() + ": " + syntax.getPythonMessage();
                syntaxErrors.putIfAbsent(key, syntax);
                bySyntaxError.computeIfAbsent(key, k -> new ArrayList<>()).add(failure);
            }
            else {
                others.addAll(failure.problems);
            }
        }
        String nl = System.lineSeparator();
        List<String> problems = new ArrayList<>();
        bySyntaxError.forEach((key, broken) -> problems.add(syntaxProblem(syntaxErrors.get(key), broken, subject)));
        StringBuilder message = new StringBuilder();
        for (String problem : problems) {
            message.append(message.length() == 0 ? "" : nl).append(problem);
        }
        if (!others.isEmpty()) {
            String heading = problems.isEmpty() ? others.size() + " methods of " + subject + " cannot be used:"
                    : others.size() == 1 ? "Another problem:" : others.size() + " other problems:";
            message.append(message.length() == 0 ? "" : nl).append(heading).append(nl).append("- ")
                    .append(String.join(nl + "- ", others));
        }
        problems.addAll(others);
        List<PythonSyntaxException> distinct = List.copyOf(syntaxErrors.values());
        Throwable cause = distinct.isEmpty() ? failures.get(0).getCause() : distinct.get(0);
        PythonClientValidationException all = new PythonClientValidationException(message.toString(), problems, methods,
                distinct, cause);
        failures.stream().skip(1).forEach(all::addSuppressed);
        return all;
    }

    /** Not kept by serialization: a deserialized failure stands for itself. */
    private List<PythonClientValidationException> methodFailures() {
        return methodFailures == null ? List.of(this) : methodFailures;
    }

    /**
     * {@code Python module 'm' has a syntax error in F, line N; it breaks 2 methods of S: A.x -> m.f, B.y -> m.g}
     * then Python's type, message and location lines.
     */
    private static String syntaxProblem(PythonSyntaxException syntax, List<PythonClientValidationException> broken,
            String subject) {
        String headline = syntax.getMessage() == null ? "A Python module has a syntax error" : syntax.getMessage().lines()
                .findFirst().orElse("A Python module has a syntax error");
        Matcher location = LOCATION.matcher(syntax.getPythonMessage());
        if (location.find()) {
            headline += " in " + location.group(1) + ", line " + location.group(2);
        }
        List<String> names = broken.stream().map(failure -> failure.method).filter(name -> !name.isEmpty()).toList();
        String methods = broken.size() == 1 ? "1 method" : broken.size() + " methods";
        headline += "; it breaks " + methods + " of " + subject + (names.isEmpty() ? "" : ": " + String.join(", ", names));
        return headline + System.lineSeparator() + syntax.getPythonType() + ": " + syntax.getPythonMessage();
    }

    /**
     * Each independent problem once: one entry per syntax error (naming the methods it breaks),
     * then one per other broken method.
     */
    public List<String> getProblems() {
        return problems;
    }

    /** The distinct syntax errors among the problems, in the order they were met; empty if none. */
    public List<PythonSyntaxException> getSyntaxErrors() {
        return syntaxErrors;
    }
}
