package io.pybridge.core.internal.interpreter;

import io.pybridge.core.exception.PythonConversionException;
import io.pybridge.core.internal.attach.DeferredDecrefs;
import io.pybridge.core.internal.attach.ThreadStates;
import io.pybridge.core.internal.capi.CApi;
import io.pybridge.core.internal.capi.CStrings;
import io.pybridge.core.internal.convert.FromPython;
import io.pybridge.core.internal.convert.NumpyCodec;
import io.pybridge.core.internal.convert.PyTypes;
import io.pybridge.core.internal.convert.ToPython;
import io.pybridge.core.internal.error.ExceptionTranslator;
import io.pybridge.core.runtime.DisplayRoot;
import io.pybridge.core.runtime.NameMapping;
import io.pybridge.core.runtime.PythonInstallation;
import io.pybridge.core.runtime.PythonLogSink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The booted interpreter as the rest of the implementation uses it: the binding, the
 * converters, the error translator, the lookups and caches, and the call plumbing (arguments
 * in, result out). Everything here that touches Python runs holding the GIL.
 *
 * <p>Ownership: {@link #mainDict} and the helper references are strong references owned here,
 * released by {@link #release()} on the boot thread before finalization.
 */
final class Interpreter {

    final CApi api;

    final PyTypes types;

    final ExceptionTranslator errors;

    final ToPython toPython;

    final FromPython fromPython;

    /** {@code __main__.__dict__}: strong reference. */
    final long mainDict;

    /** {@code _pybridge.Interrupted}: the exception raised asynchronously to stop a call. */
    final long interrupted;

    /** Java functions exposed to Python (logging, callbacks). */
    final JavaCallables callables;

    /** References released by the next thread that attaches (handles collected unclosed, cache overflow). */
    final DeferredDecrefs deferredDecrefs;

    final Lookup lookup;

    final CodeCache code;

    private final HelperModule helpers;

    /** This interpreter's asyncio loop, set once by its {@link InterpreterUnit} before the first call. */
    volatile EventLoop eventLoop;

    /** {@code _pybridge.signature_problem}. */
    private final long signatureCheck;

    private Interpreter(CApi api, ThreadStates threadStates, DeferredDecrefs deferredDecrefs, HelperModule helpers,
            NameMapping names) {
        this.api = api;
        this.deferredDecrefs = deferredDecrefs;
        this.helpers = helpers;
        this.types = new PyTypes(api);
        this.errors = new ExceptionTranslator(api, types.typeOffset(), helpers::function);
        NumpyCodec numpy = new NumpyCodec(api, errors, helpers.function("numpy_empty"), helpers.function("numpy_export"),
                helpers.function("numpy_view"), helpers.function("ndarray_type"));
        this.toPython = new ToPython(api, types, errors, numpy, helpers.function("longs"), helpers.function("doubles"),
                names);
        this.fromPython = new FromPython(api, types, errors, numpy, helpers.function("pack"), names);
        this.interrupted = helpers.function("Interrupted");
        this.signatureCheck = helpers.function("signature_problem");
        this.callables = new JavaCallables(this, threadStates, helpers.function("JavaException"),
                helpers.function("java_exception"), helpers.function("callback_depth_error"));
        this.lookup = new Lookup(api, errors, deferredDecrefs);
        long main = api.PyImport_AddModule(CStrings.of("__main__"));
        this.mainDict = api.PyModule_GetDict(main);
        api.Py_IncRef(mainDict);
        this.code = new CodeCache(api, errors, mainDict);
    }

    /** A strong reference to {@code _pybridge.<name>}, kept by the helper module until release. GIL held. */
    long helper(String name) {
        return helpers.function(name);
    }

    /**
     * Loads pybridge's helper module into the freshly initialized interpreter. Boot thread, GIL held.
     *
     * @param names how the converters spell record components' names in Python
     */
    static Interpreter load(CApi api, ThreadStates threadStates, DeferredDecrefs deferredDecrefs, NameMapping names) {
        return new Interpreter(api, threadStates, deferredDecrefs, HelperModule.load(api), names);
    }

    /**
     * Why {@code callable} cannot take {@code positional} arguments and these keywords, or null
     * if it can (or its signature cannot be inspected). GIL held.
     */
    String signatureProblem(long callable, int positional, Collection<String> keywords) {
        api.Py_IncRef(callable);
        long nargs = api.PyLong_FromLongLong(positional);
        long names = toPython.convert(new ArrayList<>(keywords));
        try {
            long result = errors.checked(api.PyObject_VectorcallDict(signatureCheck, new long[] { callable, nargs, names },
                    3, 0));
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
            api.Py_DecRef(callable);
        }
    }

    /**
     * Calls {@code _pybridge.configure} to set sys.executable, the venv prefix and sys.path, and
     * to tell it how to name the files under the folders with a display root. Boot thread.
     */
    void configure(PythonInstallation installation, List<String> extraPaths, Map<Path, DisplayRoot> displayRoots) {
        List<List<Object>> roots = DisplayRoot.inMatchOrder(displayRoots);
        Object[] args = {
            installation.executable() == null ? null : installation.executable().toString(),
            installation.prefix() == null ? null : installation.prefix().toString(),
            installation.sitePackages().stream().map(Object::toString).toList(),
            extraPaths,
            roots };
        api.Py_DecRef(callFunction(helpers.function("configure"), args, 0));
    }

    /** Routes Python's logging records and stdout/stderr lines to {@code sink}. Boot thread, GIL held. */
    void installLogging(PythonLogSink sink) {
        long emit = callables.newCallable(args -> {
            sink.log(((Long) args.get(0)).intValue(), (String) args.get(1), (String) args.get(2));
            return null;
        });
        long level = api.PyLong_FromLongLong(sink.rootLevel());
        long capture = api.PyBool_FromLong(sink.captureOutput() ? 1 : 0);
        try {
            api.Py_DecRef(errors.checked(api.PyObject_VectorcallDict(helpers.function("install_logging"),
                    new long[] { emit, level, capture }, 3, 0)));
        }
        finally {
            api.Py_DecRef(capture);
            api.Py_DecRef(level);
            api.Py_DecRef(emit); // the logging handler keeps its own reference
        }
    }

    /** Sets each entry of {@code values} in {@code dict} (a new reference, released on failure). */
    long fill(long dict, Map<String, ?> values, String what) {
        errors.checked(dict);
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
            return errors.checked(api.PyObject_VectorcallDict(callable, argv, args.length, kwargs));
        }
        finally {
            for (long arg : argv) {
                toPython.release(arg);
            }
        }
    }

    /** Releases every reference this object owns. Boot thread, GIL held, before finalization. */
    void release() {
        deferredDecrefs.drain();
        errors.release();
        lookup.release();
        code.release();
        helpers.release();
        api.Py_DecRef(mainDict);
    }
}
