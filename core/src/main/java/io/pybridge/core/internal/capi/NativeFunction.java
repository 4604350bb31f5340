package io.pybridge.core.internal.capi;

import com.sun.jna.Callback;
import com.sun.jna.CallbackReference;
import com.sun.jna.CallbackThreadInitializer;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;

/**
 * A {@code PyMethodDef} in native memory whose C function is a JNA callback into Java: the one
 * way Python code calls Java. The definition and the callback are kept reachable for the life
 * of the process (CPython keeps pointers to both in every function object made from them).
 *
 * <p>The callback runs on whatever thread Python calls it from, holding the GIL; JNA attaches
 * threads Python started to the JVM for the duration of the call, as daemon threads.
 */
public final class NativeFunction {

    /** {@code METH_VARARGS}: the C function receives {@code (self, args_tuple)}. */
    private static final int METH_VARARGS = 0x0001;

    /** sizeof(PyMethodDef) on 64-bit: name, meth, flags (int, padded), doc. */
    private static final int METHOD_DEF_SIZE = 32;

    private final Memory methodDef = new Memory(METHOD_DEF_SIZE);

    private final Memory name;

    private final Target target;

    /** The C signature {@code PyObject *(*)(PyObject *self, PyObject *args)}. */
    public interface Target extends Callback {

        /**
         * @param self the object the function was bound to (borrowed)
         * @param args the positional arguments tuple (borrowed)
         * @return a new reference, or 0 with a Python exception set
         */
        long invoke(long self, long args);
    }

    public NativeFunction(String functionName, Target target) {
        this.target = target;
        byte[] bytes = CStrings.of(functionName);
        this.name = new Memory(bytes.length);
        name.write(0, bytes, 0, bytes.length);
        Native.setCallbackThreadInitializer(target, new CallbackThreadInitializer(true, true, "python-callback"));
        Pointer function = CallbackReference.getFunctionPointer(target);
        methodDef.clear();
        methodDef.setPointer(0, name);
        methodDef.setPointer(8, function);
        methodDef.setInt(16, METH_VARARGS);
        methodDef.setPointer(24, Pointer.NULL);
    }

    /** The address of the {@code PyMethodDef}. */
    public long methodDef() {
        return Pointer.nativeValue(methodDef);
    }

    /** The callback (kept here so it is never collected while Python can call it). */
    public Target target() {
        return target;
    }
}
