package io.pybridge.core.runtime;

import io.pybridge.core.exception.PythonException;
import java.util.List;

/**
 * What one reload of changed Python source files did (see
 * {@code PythonRuntime.reloadSources}): the modules run again, in every interpreter, and the
 * modules whose new source failed, which keep running their previous code.
 *
 * @param changedFiles the files the reload was asked about
 * @param reloadedModules modules whose new source now runs, in the order they were reloaded
 *     (dependencies first)
 * @param failures one exception per module whose new source did not load (a
 *     {@code PythonSyntaxException} for a syntax error, naming file, line and caret; any other
 *     exception its top-level code raised); that module keeps its previous functions
 * @param interpreters the interpreters the reload ran in: "main", then the pool's, then the
 *     worker processes (which are replaced, each after its running call, and import the new
 *     sources afresh)
 */
public record SourceReload(List<String> changedFiles, List<String> reloadedModules, List<PythonException> failures,
        List<String> interpreters) {

    public SourceReload {
        changedFiles = List.copyOf(changedFiles);
        reloadedModules = List.copyOf(reloadedModules);
        failures = List.copyOf(failures);
        interpreters = List.copyOf(interpreters);
    }

    /** Whether every module the change touched runs its new source. */
    public boolean succeeded() {
        return failures.isEmpty();
    }
}
