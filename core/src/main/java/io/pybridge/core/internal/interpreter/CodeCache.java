package io.pybridge.core.internal.interpreter;

import io.pybridge.core.internal.capi.CApi;
import io.pybridge.core.internal.capi.CStrings;
import io.pybridge.core.internal.error.ExceptionTranslator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compiled code objects for the source texts of {@code exec} and {@code eval}, compiled once.
 * Same ownership rule as {@link Lookup}: strong references never evicted while the interpreter
 * runs, released before finalization; past {@link Lookup#LIMIT} entries a compiled object is
 * handed to the caller to release instead. GIL held.
 */
final class CodeCache {

    private final CApi api;

    private final ExceptionTranslator errors;

    private final Map<String, Long> statements = new ConcurrentHashMap<>();

    private final Map<String, Long> expressions = new ConcurrentHashMap<>();

    CodeCache(CApi api, ExceptionTranslator errors) {
        this.api = api;
        this.errors = errors;
    }

    /**
     * The code object for {@code source}.
     *
     * @param start {@link CApi#EVAL_INPUT} or {@link CApi#FILE_INPUT}
     */
    CompiledCode compile(String source, int start) {
        Map<String, Long> cache = start == CApi.EVAL_INPUT ? expressions : statements;
        Long cached = cache.get(source);
        if (cached != null) {
            return new CompiledCode(cached, false);
        }
        long code = errors.checked(api.Py_CompileString(CStrings.of(source), CStrings.of("<pybridge>"), start));
        if (cache.size() >= Lookup.LIMIT) {
            return new CompiledCode(code, true);
        }
        Long previous = cache.putIfAbsent(source, code);
        if (previous != null) {
            api.Py_DecRef(code);
            return new CompiledCode(previous, false);
        }
        return new CompiledCode(code, false);
    }

    /** Releases every cached code object. Boot thread, before finalization. */
    void release() {
        statements.values().forEach(api::Py_DecRef);
        statements.clear();
        expressions.values().forEach(api::Py_DecRef);
        expressions.clear();
    }

    /**
     * A code object.
     *
     * @param reference the code object
     * @param owned true when it is a new reference the caller must release (the cache was full),
     *     false when it is borrowed from the cache
     */
    record CompiledCode(long reference, boolean owned) {

        /** Releases the reference if the caller owns it. */
        void release(CApi api) {
            if (owned) {
                api.Py_DecRef(reference);
            }
        }
    }
}
