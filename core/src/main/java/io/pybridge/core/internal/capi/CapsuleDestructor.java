package io.pybridge.core.internal.capi;

import com.sun.jna.Callback;
import com.sun.jna.CallbackReference;
import com.sun.jna.CallbackThreadInitializer;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * A {@code PyCapsule_Destructor} implemented in Java: tells Java when Python frees a capsule, so
 * Java state tied to a Python object (a callback, a buffer Python views) lives exactly as long
 * as Python needs it. Kept reachable for the life of the process, like {@link NativeFunction}.
 */
public final class CapsuleDestructor {

    /** The C signature {@code void (*)(PyObject *capsule)}; runs holding the GIL. */
    public interface Target extends Callback {
        void invoke(long capsule);
    }

    private final Target target;

    private final long address;

    public CapsuleDestructor(Target target) {
        this.target = target;
        Native.setCallbackThreadInitializer(target, new CallbackThreadInitializer(true, true, "python-destructor"));
        this.address = Pointer.nativeValue(CallbackReference.getFunctionPointer(target));
    }

    /** The C function pointer to pass to {@code PyCapsule_New}. */
    public long address() {
        return address;
    }

    public Target target() {
        return target;
    }
}
