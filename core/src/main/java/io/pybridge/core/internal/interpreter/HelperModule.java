package io.pybridge.core.internal.interpreter;

import io.pybridge.core.internal.capi.CApi;
import io.pybridge.core.internal.capi.CStrings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * pybridge's helper module {@code _pybridge} (the {@code _pybridge.py} resource), run into the
 * freshly initialized interpreter, and the strong references to its functions that the rest of
 * the runtime keeps. Boot thread, GIL held, for everything here.
 */
final class HelperModule {

    private static final String NAME = "_pybridge";

    private final CApi api;

    /** The module: strong reference. */
    private final long module;

    /** Strong references handed out by {@link #function}, released by {@link #release()}. */
    private final List<Long> functions = new ArrayList<>();

    private HelperModule(CApi api, long module) {
        this.api = api;
        this.module = module;
    }

    /** Compiles and runs the helper source as module {@code _pybridge}. */
    static HelperModule load(CApi api) {
        String source;
        try (InputStream in = HelperModule.class.getResourceAsStream(NAME + ".py")) {
            source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException | NullPointerException ex) {
            throw new UncheckedIOException(new IOException("pybridge's " + NAME + ".py is missing from the jar"));
        }
        long module = api.PyImport_AddModule(CStrings.of(NAME)); // borrowed from sys.modules
        long code = api.Py_CompileString(CStrings.of(source), CStrings.of("<pybridge>/" + NAME + ".py"), CApi.FILE_INPUT);
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
        return new HelperModule(api, module);
    }

    /** A strong reference to {@code _pybridge.<name>}, kept until {@link #release()}. */
    long function(String name) {
        long function = api.PyObject_GetAttrString(module, CStrings.of(name));
        if (function == 0) {
            api.PyErr_Clear();
            throw new IllegalStateException("pybridge's helper module lacks " + name);
        }
        functions.add(function);
        return function;
    }

    /** Releases the module and every function reference handed out. Before finalization. */
    void release() {
        functions.forEach(api::Py_DecRef);
        functions.clear();
        api.Py_DecRef(module);
    }
}
