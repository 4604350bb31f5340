package io.pybridge.autoconfigure.web;

import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.web.ErrorProperties;
import org.springframework.boot.autoconfigure.web.ErrorProperties.IncludeAttribute;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * What a problem shows of a Python exception for one request: its message as
 * {@code pybridge.web.problemdetails.include-message} says (always by default), its traceback
 * where Spring Boot's error handling would show a stack trace
 * ({@code server.error.include-stacktrace}, never by default); each always, never, or on a
 * request parameter ({@code message}, {@code trace}) whose value is not {@code false}, as Boot's
 * error controllers read them.
 */
final class ServerErrorIncludes {

    private final IncludeAttribute message;

    private final IncludeAttribute stacktrace;

    ServerErrorIncludes(IncludeAttribute message, ErrorProperties error) {
        this.message = message;
        this.stacktrace = error.getIncludeStacktrace();
    }

    /** {@code server.error} bound here, whether or not a web server's properties are. */
    static ServerErrorIncludes from(PythonProblemDetailsProperties properties, Environment environment) {
        return new ServerErrorIncludes(properties.getIncludeMessage(),
                Binder.get(environment).bindOrCreate("server.error", ErrorProperties.class));
    }

    /** @param parameters a request parameter's first value by name, or null */
    boolean message(Function<String, @Nullable String> parameters) {
        return includes(message, parameters, "message");
    }

    /** @param parameters a request parameter's first value by name, or null */
    boolean stacktrace(Function<String, @Nullable String> parameters) {
        return includes(stacktrace, parameters, "trace");
    }

    private static boolean includes(IncludeAttribute attribute, Function<String, @Nullable String> parameters,
            String parameter) {
        return switch (attribute) {
            case ALWAYS -> true;
            case ON_PARAM -> {
                String value = parameters.apply(parameter);
                yield value != null && !"false".equalsIgnoreCase(value);
            }
            case NEVER -> false;
        };
    }
}
