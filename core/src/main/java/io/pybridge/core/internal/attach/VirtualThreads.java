package io.pybridge.core.internal.attach;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/** Tells virtual threads apart on JDK 21+ while compiling for JDK 17 (where none exist). */
public final class VirtualThreads {

    private static final MethodHandle IS_VIRTUAL = lookup();

    private VirtualThreads() {
    }

    /** Whether {@code thread} is a virtual thread; always false before JDK 21. */
    public static boolean isVirtual(Thread thread) {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(thread);
        }
        catch (Throwable ex) {
            return false;
        }
    }

    private static MethodHandle lookup() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        }
        catch (ReflectiveOperationException ex) {
            return null;
        }
    }
}
