package io.pybridge.core.internal.capi;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * Direct-mapped functions that exist only from CPython 3.12 on, bound separately so that
 * {@link JnaCApi} binds on 3.10 and 3.11 too.
 */
final class JnaCApi312 {

    /** Whether the natives below are registered: process-wide, as the registration itself. */
    private static volatile boolean bound;

    private JnaCApi312() {
    }

    /** Binds when the library exports the 3.12 functions; returns whether it did. */
    static boolean bindIfPresent(NativeLibrary library) {
        try {
            library.getFunction("PyErr_GetRaisedException");
        }
        catch (UnsatisfiedLinkError absent) {
            return false;
        }
        Native.register(JnaCApi312.class, library);
        bound = true;
        return true;
    }

    /** Whether the library has the 3.12 functions and they are bound (sub-interpreters with their own GIL came with them). */
    static boolean isBound() {
        return bound;
    }

    static native long PyErr_GetRaisedException();
}
