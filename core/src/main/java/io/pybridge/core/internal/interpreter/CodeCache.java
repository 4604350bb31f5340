package io.pybridge.core.internal.interpreter;

import io.pybridge.core.internal.capi.CApi;
import io.pybridge.core.internal.capi.CStrings;
import io.pybridge.core.internal.error.ExceptionTranslator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compiled code objects for the source texts of {@code exec} and {@code eval}, compiled once,
 * each with a function that runs it in {@code __main__}. Same ownership rule as {@link Lookup}:
 * strong references never evicted while the interpreter runs, released before finalization;
 * past {@link Lookup#LIMIT} entries a compiled object is handed to the caller to release
 * instead. GIL held.
 *
 * <p>Why a function: {@code PyEval_EvalCode} builds a function object around the code on every
 * run (an allocation the garbage collector tracks, and the builtins looked up again) and frees
 * it after. A function made once with {@code __main__}'s namespace as globals, called with no
 * arguments, runs the same code with the same globals and locals (module-level code is neither
 * optimized nor given new locals, so CPython uses the globals as locals), at a quarter of the
 * cost. Code run in a private namespace (with variables) still goes through
 * {@code PyEval_EvalCode}, since that namespace is new on every run. One difference remains:
 * a function takes the builtins of {@code __main__.__builtins__} when it is made, so code
 * compiled before {@code __main__.__builtins__} is rebound keeps the old builtins (rebinding it
 * is a sandboxing trick that does not sandbox; nothing else in {@code __main__} is affected).
 */
final class CodeCache {

    private final CApi api;

    private final ExceptionTranslator errors;

    /** {@code __main__.__dict__}: borrowed from the interpreter, which owns it and outlives this cache. */
    private final long mainDict;

    private final Map<String, CompiledCode> statements = new ConcurrentHashMap<>();

    private final Map<String, CompiledCode> expressions = new ConcurrentHashMap<>();

    CodeCache(CApi api, ExceptionTranslator errors, long mainDict) {
        this.api = api;
        this.errors = errors;
        this.mainDict = mainDict;
    }

    /**
     * The code object for {@code source}.
     *
     * @param start {@link CApi#EVAL_INPUT} or {@link CApi#FILE_INPUT}
     */
    CompiledCode compile(String source, int start) {
        Map<String, CompiledCode> cache = start == CApi.EVAL_INPUT ? expressions : statements;
        CompiledCode cached = cache.get(source);
        if (cached != null) {
            return cached;
        }
        long code = errors.checked(api.Py_CompileString(CStrings.of(source), CStrings.of("<pybridge>"), start));
        if (cache.size() >= Lookup.LIMIT) {
            return new CompiledCode(code, 0, true);
        }
        long function = api.PyFunction_New(code, mainDict);
        if (function == 0) {
            api.Py_DecRef(code);
            throw errors.toException();
        }
        CompiledCode compiled = new CompiledCode(code, function, false);
        // putIfAbsent never displaces a cached reference; a loser of the race releases its own.
        CompiledCode previous = cache.putIfAbsent(source, compiled);
        if (previous != null) {
            compiled.releaseAll(api);
            return previous;
        }
        return compiled;
    }

    /** Releases every cached code object. Boot thread, before finalization. */
    void release() {
        statements.values().forEach(compiled -> compiled.releaseAll(api));
        statements.clear();
        expressions.values().forEach(compiled -> compiled.releaseAll(api));
        expressions.clear();
    }

    /**
     * A code object.
     *
     * @param reference the code object
     * @param mainFunction a function running it in {@code __main__} (new reference), or 0 when
     *     the cache was full
     * @param owned true when the references are new ones the caller must release (the cache was
     *     full), false when they are borrowed from the cache
     */
    record CompiledCode(long reference, long mainFunction, boolean owned) {

        /** Releases the references if the caller owns them. */
        void release(CApi api) {
            if (owned) {
                releaseAll(api);
            }
        }

        private void releaseAll(CApi api) {
            api.Py_DecRef(mainFunction);
            api.Py_DecRef(reference);
        }
    }
}
