package io.pybridge.core.internal.interpreter;

import io.pybridge.core.exception.PythonError;
import io.pybridge.core.exception.PythonFunctionNotFoundException;
import io.pybridge.core.internal.attach.DeferredDecrefs;
import io.pybridge.core.internal.capi.CApi;
import io.pybridge.core.internal.capi.CStrings;
import io.pybridge.core.internal.error.ExceptionTranslator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds {@code module.function}: the module objects and the attribute names (interned str) are
 * cached, the attribute itself is looked up on every call, so {@code importlib.reload} and
 * monkeypatching are seen at once for the price of one dict lookup. GIL held.
 *
 * <p>Ownership: the caches hold strong references, never evicted while the interpreter runs, so
 * a borrowed pointer from them cannot dangle (another thread could otherwise free it while this
 * one's call released the GIL mid-way); {@link #release()} gives them back before finalization.
 * Past {@link #LIMIT} entries nothing more is cached.
 */
final class Lookup {

    static final int LIMIT = 4096;

    private final CApi api;

    private final ExceptionTranslator errors;

    private final DeferredDecrefs deferredDecrefs;

    /** Imported modules by name: strong references. */
    private final Map<String, Long> modules = new ConcurrentHashMap<>();

    /** Attribute names as interned str objects: strong references. */
    private final Map<String, Long> names = new ConcurrentHashMap<>();

    Lookup(CApi api, ExceptionTranslator errors, DeferredDecrefs deferredDecrefs) {
        this.api = api;
        this.errors = errors;
        this.deferredDecrefs = deferredDecrefs;
    }

    /** {@code module.function} as a new reference (the caller releases it). */
    long function(String module, String function) {
        long callable = api.PyObject_GetAttr(module(module), name(function));
        if (callable == 0) {
            PythonError error = errors.fetch();
            throw new PythonFunctionNotFoundException("Python module '" + module + "' has no function '" + function + "'",
                    error);
        }
        return callable;
    }

    /** Throws the "not callable" error if {@code callable} is not callable. */
    void requireCallable(long callable, String module, String function) {
        if (api.PyCallable_Check(callable) == 0) {
            String message = "'" + module + "." + function + "' is not callable";
            throw new PythonFunctionNotFoundException(message, PythonError.reported("TypeError", message));
        }
    }

    /** The module object (borrowed from the cache, which holds a reference), imported on first use. */
    private long module(String module) {
        Long cached = modules.get(module);
        if (cached != null) {
            return cached;
        }
        long moduleObject = api.PyImport_ImportModule(CStrings.of(module));
        if (moduleObject == 0) {
            throw errors.importFailure(module);
        }
        return cache(modules, module, moduleObject);
    }

    /** The name as an interned str (borrowed from the cache). */
    private long name(String name) {
        Long cached = names.get(name);
        if (cached != null) {
            return cached;
        }
        return cache(names, name, errors.checked(api.PyUnicode_InternFromString(CStrings.of(name))));
    }

    /**
     * Caches a new reference. Past the cap the reference is queued for release at the next
     * attach instead (it stays valid for the current call, which holds the GIL until then).
     */
    private long cache(Map<String, Long> cache, String key, long reference) {
        if (cache.size() >= LIMIT) {
            deferredDecrefs.add(reference);
            return reference;
        }
        // Only threads holding the GIL get here, so putIfAbsent never displaces a live reference.
        Long previous = cache.putIfAbsent(key, reference);
        if (previous != null) {
            api.Py_DecRef(reference);
            return previous;
        }
        return reference;
    }

    /** Releases every cached reference. Boot thread, before finalization. */
    void release() {
        modules.values().forEach(api::Py_DecRef);
        modules.clear();
        names.values().forEach(api::Py_DecRef);
        names.clear();
    }
}
