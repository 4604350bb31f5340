package io.pybridge.core.internal.capi;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * Direct-mapped functions that exist only from CPython 3.14.2 on, bound separately so that
 * {@link JnaCApi} binds on older versions too.
 */
final class JnaCApi314 {

    /** Whether the natives below are registered: process-wide, as the registration itself. */
    private static volatile boolean bound;

    private JnaCApi314() {
    }

    /** Binds when the library exports all of the functions below; returns whether it did. */
    static boolean bindIfPresent(NativeLibrary library) {
        try {
            library.getFunction("PyUnstable_ThreadState_SetStackProtection");
            library.getFunction("_Py_ReachedRecursionLimitWithMargin");
        }
        catch (UnsatisfiedLinkError absent) {
            return false;
        }
        Native.register(JnaCApi314.class, library);
        bound = true;
        return true;
    }

    /** Whether the library has the 3.14.2 functions and they are bound. */
    static boolean isBound() {
        return bound;
    }

    static native int PyUnstable_ThreadState_SetStackProtection(long tstate, long base, long size);

    /** Exported since 3.14.0; bound here with the stack bounds, the only case where pybridge checks it. */
    static native int _Py_ReachedRecursionLimitWithMargin(long tstate, int marginCount);
}
