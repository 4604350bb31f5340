package io.pybridge.core.internal.interpreter;

import io.pybridge.core.exception.PythonConversionException;
import io.pybridge.core.exception.PythonError;
import io.pybridge.core.exception.PythonException;
import io.pybridge.core.exception.PythonFunctionNotFoundException;
import io.pybridge.core.exception.PythonImportException;
import io.pybridge.core.exception.PythonSyntaxException;
import io.pybridge.core.internal.attach.DeferredDecrefs;
import io.pybridge.core.internal.attach.ThreadStates;
import io.pybridge.core.internal.capi.CApi;
import io.pybridge.core.internal.capi.CStrings;
import io.pybridge.core.internal.convert.FromPython;
import io.pybridge.core.internal.convert.PyTypes;
import io.pybridge.core.internal.convert.ToPython;
import io.pybridge.core.internal.error.ExceptionTranslator;
import io.pybridge.core.runtime.PythonInstallation;
import io.pybridge.core.runtime.PythonLogSink;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The booted interpreter as Java sees it: the binding, converters, pybridge's helper functions
 * and the caches of resolved functions and compiled code. Everything here that touches Python
 * must run holding the GIL.
 *
 * <p>Ownership: every {@code long} field and every cached value is a strong reference owned by
 * this object and released by {@link #release()} on the boot thread before finalization.
 * Cached references are never evicted while the interpreter runs, so a borrowed pointer handed
 * out from a cache cannot dangle (another thread could otherwise free it while this one's call
 * released the GIL mid-way). Past a size cap nothing more is cached.
 */
final class Interpreter {

    private static final int CACHE_LIMIT = 4096;

    private static final String HELPER_MODULE = "_pybridge";

    final CApi api;

    final PyTypes types;

    final ExceptionTranslator errors;

    final ToPython toPython;

    final FromPython fromPython;

    /** {@code __main__.__dict__}: strong reference. */
    final long mainDict;

    /** {@code _pybridge.Interrupted}: the exception raised asynchronously to stop a call. */
    final long interrupted;

    private final long helperModule;

    /** Java functions exposed to Python (logging, callbacks). */
    final JavaCallables callables;

    /** Strong references to the helper functions the converters and translator use. */
    private final List<Long> helpers = new ArrayList<>();

    /** Imported modules by name: strong references. */
    private final Map<String, Long> modules = new ConcurrentHashMap<>();

    /** Attribute names as interned str objects: strong references. */
    private final Map<String, Long> names = new ConcurrentHashMap<>();

    private final Map<String, Long> statements = new ConcurrentHashMap<>();

    private final Map<String, Long> expressions = new ConcurrentHashMap<>();

    /** References released by the next thread that attaches (handles collected unclosed, cache overflow). */
    final DeferredDecrefs deferredDecrefs;

    private Interpreter(CApi api, ThreadStates threadStates, DeferredDecrefs deferredDecrefs, long helperModule) {
        this.api = api;
        this.deferredDecrefs = deferredDecrefs;
        this.helperModule = helperModule;
        this.types = new PyTypes(api);
        this.errors = new ExceptionTranslator(api, helper("describe"));
        this.toPython = new ToPython(api, types, errors, helper("longs"), helper("doubles"));
        this.fromPython = new FromPython(api, types, errors, helper("pack"));
        fromPython.enableNumpy(toPython, helper("numpy_empty"), helper("numpy_export"), helper("numpy_view"),
                helper("ndarray_type"));
        this.interrupted = helper("Interrupted");
        this.callables = new JavaCallables(this, threadStates, helper("JavaException"), helper("java_exception"),
                helper("callback_depth_error"));
        long main = api.PyImport_AddModule(CStrings.of("__main__"));
        this.mainDict = api.PyModule_GetDict(main);
        api.Py_IncRef(mainDict);
    }

    /** Loads pybridge's helper module into the freshly initialized interpreter. Boot thread, GIL held. */
    static Interpreter load(CApi api, ThreadStates threadStates, DeferredDecrefs deferredDecrefs) {
        String source;
        try (InputStream in = Interpreter.class.getResourceAsStream(HELPER_MODULE + ".py")) {
            source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException | NullPointerException ex) {
            throw new UncheckedIOException(new IOException("pybridge's " + HELPER_MODULE + ".py is missing from the jar"));
        }
        long module = api.PyImport_AddModule(CStrings.of(HELPER_MODULE)); // borrowed from sys.modules
        long code = api.Py_CompileString(CStrings.of(source), CStrings.of("<pybridge>/" + HELPER_MODULE + ".py"), CApi.FILE_INPUT);
        if (code == 0 || module == 0) {
            throw new IllegalStateException("pybridge's helper module failed to compile");
        }
        long dict = api.PyModule_GetDict(module);
        // A module made with PyImport_AddModule has no __builtins__; code it runs (and the
        // imports it makes, numpy's among them) expects one, as in any imported module.
        long builtins = api.PyImport_ImportModule(CStrings.of("builtins"));
        api.PyDict_SetItemString(dict, CStrings.of("__builtins__"), builtins);
        api.Py_DecRef(builtins);
        long result = api.PyEval_EvalCode(code, dict, dict);
        api.Py_DecRef(code);
        if (result == 0) {
            api.PyErr_Clear();
            throw new IllegalStateException("pybridge's helper module failed to run");
        }
        api.Py_DecRef(result);
        api.Py_IncRef(module);
        return new Interpreter(api, threadStates, deferredDecrefs, module);
    }

    /** A new reference to a helper, recorded so {@link #release()} gives it back. */
    private long helper(String name) {
        long function = api.PyObject_GetAttrString(helperModule, CStrings.of(name));
        if (function == 0) {
            api.PyErr_Clear();
            throw new IllegalStateException("pybridge's helper module lacks " + name);
        }
        helpers.add(function);
        return function;
    }

    /**
     * Why {@code callable} cannot take {@code positional} arguments and these keywords, or null
     * if it can (or its signature cannot be inspected). GIL held.
     */
    String signatureProblem(long callable, int positional, Collection<String> keywords) {
        long check = api.PyObject_GetAttrString(helperModule, CStrings.of("signature_problem"));
        if (check == 0) {
            throw errors.toException();
        }
        try {
            long function = callable;
            api.Py_IncRef(function);
            long nargs = api.PyLong_FromLongLong(positional);
            long names = toPython.convert(new ArrayList<>(keywords));
            try {
                long result = api.PyObject_VectorcallDict(check, new long[] { function, nargs, names }, 3, 0);
                if (result == 0) {
                    throw errors.toException();
                }
                try {
                    return (String) fromPython.convert(result, String.class);
                }
                finally {
                    api.Py_DecRef(result);
                }
            }
            finally {
                api.Py_DecRef(names);
                api.Py_DecRef(nargs);
                api.Py_DecRef(function);
            }
        }
        finally {
            api.Py_DecRef(check);
        }
    }

    /** Calls {@code _pybridge.configure} to set sys.executable, the venv prefix and sys.path. */
    void configure(PythonInstallation installation, List<String> extraPaths) {
        long configure = api.PyObject_GetAttrString(helperModule, CStrings.of("configure"));
        try {
            Object[] args = {
                installation.executable() == null ? null : installation.executable().toString(),
                installation.prefix() == null ? null : installation.prefix().toString(),
                installation.sitePackages().stream().map(Object::toString).toList(),
                extraPaths };
            callFunction(configure, args, 0);
        }
        finally {
            api.Py_DecRef(configure);
        }
    }

    /**
     * Routes Python's logging records and stdout/stderr lines to {@code sink}. Boot thread, GIL held.
     */
    void installLogging(PythonLogSink sink) {
        long emit = callables.newCallable(args -> {
            sink.log(((Long) args.get(0)).intValue(), (String) args.get(1), (String) args.get(2));
            return null;
        });
        long install = api.PyObject_GetAttrString(helperModule, CStrings.of("install_logging"));
        long level = api.PyLong_FromLongLong(sink.rootLevel());
        long capture = api.PyBool_FromLong(sink.captureOutput() ? 1 : 0);
        try {
            long result = api.PyObject_VectorcallDict(install, new long[] { emit, level, capture }, 3, 0);
            if (result == 0) {
                throw errors.toException();
            }
            api.Py_DecRef(result);
        }
        finally {
            api.Py_DecRef(capture);
            api.Py_DecRef(level);
            api.Py_DecRef(install);
            api.Py_DecRef(emit); // the logging handler keeps its own reference
        }
    }

    /** Sets each entry of {@code values} in {@code dict} (a new reference, released on failure). */
    long fill(long dict, Map<String, ?> values, String what) {
        if (dict == 0) {
            throw errors.toException();
        }
        try {
            for (Map.Entry<String, ?> entry : values.entrySet()) {
                toPython.putString(dict, CStrings.of(entry.getKey()), entry.getValue(), what + "[\"" + entry.getKey() + "\"]");
            }
            return dict;
        }
        catch (RuntimeException ex) {
            api.Py_DecRef(dict);
            throw ex;
        }
    }

    /** Calls {@code callable} with converted arguments; returns a new reference (caller owns). */
    long callFunction(long callable, Object[] args, long kwargs) {
        long[] argv = new long[args.length];
        try {
            for (int i = 0; i < args.length; i++) {
                try {
                    argv[i] = toPython.argument(args[i]);
                }
                catch (PythonConversionException ex) {
                    throw ex.under("args[" + i + "]");
                }
            }
            long result = api.PyObject_VectorcallDict(callable, argv, args.length, kwargs);
            if (result == 0) {
                throw errors.toException();
            }
            return result;
        }
        finally {
            for (long arg : argv) {
                toPython.release(arg);
            }
        }
    }

    /**
     * {@code module.function}, looked up on every call (a new reference, caller releases): the
     * module object and the name are cached, the attribute is not, so {@code importlib.reload}
     * and monkeypatching are seen at once for the price of one dict lookup.
     */
    CachedReference function(String module, String function) {
        long callable = api.PyObject_GetAttr(module(module), name(function));
        if (callable == 0) {
            PythonError error = errors.fetch();
            throw new PythonFunctionNotFoundException("Python module '" + module + "' has no function '" + function + "'",
                    error);
        }
        return new CachedReference(callable, true);
    }

    /** Throws the "not callable" error if {@code callable} is not; used when a call fails oddly or in checks. */
    void requireCallable(long callable, String module, String function) {
        if (api.PyCallable_Check(callable) == 0) {
            throw new PythonFunctionNotFoundException("'" + module + "." + function + "' is not callable",
                    new PythonError("TypeError", "'" + module + "." + function + "' is not callable",
                            List.of("TypeError", "Exception", "BaseException"), List.of(), null, null));
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
            PythonError error = errors.fetch();
            if (error.is("ImportError")) {
                throw new PythonImportException("Cannot import Python module '" + module + "'", error);
            }
            if (error.is("SyntaxError")) {
                throw new PythonSyntaxException("Python module '" + module + "' has a syntax error",
                        error);
            }
            throw new PythonException("Importing Python module '" + module + "' failed", error);
        }
        return cache(modules, module, moduleObject);
    }

    /** The name as an interned str (borrowed from the cache). */
    private long name(String name) {
        Long cached = names.get(name);
        if (cached != null) {
            return cached;
        }
        long interned = api.PyUnicode_InternFromString(CStrings.of(name));
        if (interned == 0) {
            throw errors.toException();
        }
        return cache(names, name, interned);
    }

    /**
     * Caches a new reference. Past the cap the reference is queued for release at the next
     * attach instead (it stays valid for the current call, which holds the GIL until then).
     */
    private long cache(Map<String, Long> cache, String key, long reference) {
        if (cache.size() >= CACHE_LIMIT) {
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

    /** Compiled code for {@code source}: borrowed from the cache, or new past the cap (see {@code owned}). */
    CachedReference code(String source, int start) {
        Map<String, Long> cache = start == CApi.EVAL_INPUT ? expressions : statements;
        Long cached = cache.get(source);
        if (cached != null) {
            return new CachedReference(cached, false);
        }
        long code = api.Py_CompileString(CStrings.of(source), CStrings.of("<pybridge>"), start);
        if (code == 0) {
            throw errors.toException();
        }
        if (cache.size() >= CACHE_LIMIT) {
            return new CachedReference(code, true);
        }
        Long previous = cache.putIfAbsent(source, code);
        if (previous != null) {
            api.Py_DecRef(code);
            return new CachedReference(previous, false);
        }
        return new CachedReference(code, false);
    }

    /** Releases every reference this object owns. Boot thread, GIL held, before finalization. */
    void release() {
        deferredDecrefs.drain();
        modules.values().forEach(api::Py_DecRef);
        modules.clear();
        names.values().forEach(api::Py_DecRef);
        names.clear();
        statements.values().forEach(api::Py_DecRef);
        statements.clear();
        expressions.values().forEach(api::Py_DecRef);
        expressions.clear();
        helpers.forEach(api::Py_DecRef);
        helpers.clear();
        api.Py_DecRef(mainDict);
        api.Py_DecRef(helperModule);
    }


    /**
     * A reference obtained from a cache.
     *
     * @param reference the object
     * @param owned true when it is a new reference the caller must release (not cached)
     */
    record CachedReference(long reference, boolean owned) {
    }
}
