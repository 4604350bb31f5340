package io.pybridge.core.internal.capi;

/**
 * The {@code PyInterpreterConfig} of every pooled sub-interpreter, as the ints both bindings
 * write into native memory for {@code Py_NewInterpreterFromConfig} (3.12+).
 */
final class IsolatedInterpreterConfig {

    /** {@code PyInterpreterConfig}: seven ints in 3.12 and 3.13, in this order. */
    private static final int[] FIELDS = {
        0, // use_main_obmalloc: an own GIL needs an own allocator
        0, // allow_fork
        0, // allow_exec
        1, // allow_threads
        0, // allow_daemon_threads: they could outlive Py_EndInterpreter
        1, // check_multi_interp_extensions: single-phase-init modules fail with ImportError
        2, // gil: PyInterpreterConfig_OWN_GIL
    };

    private IsolatedInterpreterConfig() {
    }

    /** A copy of the fields, in declaration order. */
    static int[] fields() {
        return FIELDS.clone();
    }
}
