package io.pybridge.core.internal.capi;

import com.sun.jna.Callback;
import com.sun.jna.CallbackReference;
import com.sun.jna.CallbackThreadInitializer;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The upcalls of {@link JnaCApi}: JNA callbacks wrapping {@link CApi.MethodTarget} and
 * {@link CApi.DestructorTarget}. Every callback, and the native {@code PyMethodDef} pointing at
 * one, stays reachable for the life of the process: CPython keeps pointers to both in every
 * function object and capsule made from them, and JNA frees a collected callback's stub.
 *
 * <p>A callback runs on whatever thread Python calls it from, holding the GIL; JNA attaches
 * threads Python started to the JVM for the duration of the call, as daemon threads.
 */
final class JnaUpcalls {

    /** {@code METH_VARARGS}: the C function receives {@code (self, args_tuple)}. */
    static final int METH_VARARGS = 0x0001;

    /** sizeof(PyMethodDef) on 64-bit: name, meth, flags (int, padded), doc. */
    static final int METHOD_DEF_SIZE = 32;

    /** Everything native code points at: never collected. */
    private static final List<Object> KEPT = new CopyOnWriteArrayList<>();

    private JnaUpcalls() {
    }

    /** JNA's view of {@link CApi.MethodTarget}. */
    interface MethodCallback extends Callback {
        long invoke(long self, long args);
    }

    /** JNA's view of {@link CApi.DestructorTarget}. */
    interface DestructorCallback extends Callback {
        void invoke(long capsule);
    }

    static long methodDef(String functionName, CApi.MethodTarget target) {
        MethodCallback callback = target::invoke;
        Native.setCallbackThreadInitializer(callback, new CallbackThreadInitializer(true, true, "python-callback"));
        byte[] bytes = CStrings.of(functionName);
        Memory name = new Memory(bytes.length);
        name.write(0, bytes, 0, bytes.length);
        Memory methodDef = new Memory(METHOD_DEF_SIZE);
        methodDef.clear();
        methodDef.setPointer(0, name);
        methodDef.setPointer(8, CallbackReference.getFunctionPointer(callback));
        methodDef.setInt(16, METH_VARARGS);
        methodDef.setPointer(24, Pointer.NULL);
        KEPT.add(callback);
        KEPT.add(name);
        KEPT.add(methodDef);
        return Pointer.nativeValue(methodDef);
    }

    static long capsuleDestructor(CApi.DestructorTarget target) {
        DestructorCallback callback = target::invoke;
        Native.setCallbackThreadInitializer(callback, new CallbackThreadInitializer(true, true, "python-destructor"));
        KEPT.add(callback);
        return Pointer.nativeValue(CallbackReference.getFunctionPointer(callback));
    }
}
