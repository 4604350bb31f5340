package io.pybridge.core.internal.interpreter;

import io.pybridge.core.PythonCallDescription;
import io.pybridge.core.TypeRef;
import io.pybridge.core.exception.PythonException;
import io.pybridge.core.runtime.SourceReload;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs changed Python source files again in every interpreter, so the next call of any thread,
 * in the main interpreter or a pooled one, runs the new code without a JVM restart.
 *
 * <p>Each interpreter has its own {@code sys.modules}, so each reloads for itself, one after the
 * other, in an ordinary call through its own gate: the permit and the GIL keep it apart from the
 * calls in flight there, which finish with the code they started with. {@code _pybridge.reload_plan}
 * picks the modules (loaded from a changed file, or holding something of one) and
 * {@code _pybridge.reload_module} runs each with {@code importlib.reload}, which keeps the module
 * object: the module cache of {@link Lookup} stays valid and the next lookup of a function finds
 * the new one. A module whose new source fails keeps its old namespace; its exception is kept,
 * once per module, for the caller to report.
 */
final class SourceReloader {

    private static final TypeRef<List<String>> NAMES = new TypeRef<>() { };

    private final Collection<InterpreterUnit> units;

    private final List<String> roots;

    /**
     * @param units every interpreter, the main one first
     * @param roots the folders whose modules are the application's (the python path, not the
     *     installed packages nor the standard library): only their modules are ever reloaded
     */
    SourceReloader(Collection<InterpreterUnit> units, List<Path> roots) {
        this.units = List.copyOf(units);
        this.roots = roots.stream().map(root -> root.toAbsolutePath().toString()).toList();
    }

    SourceReload reload(Collection<Path> changedFiles) {
        List<String> files = changedFiles.stream().map(file -> file.toAbsolutePath().toString()).distinct().toList();
        Set<String> reloaded = new LinkedHashSet<>();
        Map<String, PythonException> failures = new LinkedHashMap<>();
        List<String> interpreters = new ArrayList<>();
        for (InterpreterUnit unit : units) {
            PythonCallDescription description = new PythonCallDescription("reload", "_pybridge", "reload_module", unit.name);
            unit.funnel.call(null, description, null, false, session -> {
                List<String> plan = session.callForObject("_pybridge", "reload_plan", NAMES, files, roots);
                for (String module : plan == null ? List.<String>of() : plan) {
                    try {
                        session.call("_pybridge", "reload_module", module);
                        if (!failures.containsKey(module)) {
                            reloaded.add(module);
                        }
                    }
                    catch (PythonException ex) {
                        // The same broken source fails alike in every interpreter: reported once.
                        reloaded.remove(module);
                        failures.putIfAbsent(module, ex);
                    }
                }
                return null;
            });
            interpreters.add(unit.name);
        }
        return new SourceReload(files, List.copyOf(reloaded), List.copyOf(failures.values()), interpreters);
    }
}
