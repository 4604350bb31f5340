package io.pybridge.core.internal.capi;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * Direct-mapped functions that exist only from CPython 3.12 on, bound separately so that
 * {@link JnaCApi} binds on 3.10 and 3.11 too.
 */
final class JnaCApi312 {

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
        return true;
    }

    static native long PyErr_GetRaisedException();
}
