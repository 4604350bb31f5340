package io.pybridge.core.runtime;

import io.pybridge.core.PythonConversionException;
import io.pybridge.core.capi.CApi;
import io.pybridge.core.capi.NativeFunction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Java functions callable from Python: one native entry point ({@link NativeFunction}) whose
 * bound {@code self} is an int naming the Java function to run. Arguments and results convert
 * with the natural mapping; a Java exception becomes {@code _pybridge.JavaException} in Python.
 *
 * <p>Python calls these holding the GIL, possibly from a thread Python started. While one runs,
 * its thread counts as inside a call, so Java code in it that calls Python again re-enters
 * directly instead of waiting for a permit it could never get.
 */
final class JavaCallables implements NativeFunction.Target {

    /** A Java function Python can call. */
    @FunctionalInterface
    interface JavaFunction {
        Object apply(List<Object> args) throws Exception;
    }

    private final Interpreter interpreter;

    private final CApi api;

    private final NativeFunction entryPoint = new NativeFunction("java_function", this);

    /** Frees a function's registry entry when Python frees the capsule bound as its {@code self}. */
    private final io.pybridge.core.capi.CapsuleDestructor release;

    private final Map<Long, JavaFunction> functions = new ConcurrentHashMap<>();

    private final AtomicLong nextId = new AtomicLong();

    private final long javaException;

    /** Set once the runtime exists; null only while the interpreter boots. */
    private volatile ThreadStates threadStates;

    /** @param javaException strong reference to {@code _pybridge.JavaException}, owned by the interpreter */
    JavaCallables(Interpreter interpreter, long javaException) {
        this.interpreter = interpreter;
        this.api = interpreter.api;
        this.javaException = javaException;
        this.release = new io.pybridge.core.capi.CapsuleDestructor(
                capsule -> functions.remove(api.PyCapsule_GetPointer(capsule, 0)));
    }

    void attachTo(ThreadStates states) {
        this.threadStates = states;
    }

    /**
     * A new reference to a Python callable running {@code function}. The function stays
     * registered exactly as long as Python holds the callable: its {@code self} is a capsule
     * whose destructor unregisters it. GIL held.
     */
    long newCallable(JavaFunction function) {
        long id = nextId.incrementAndGet(); // never 0: a capsule's pointer must not be NULL
        functions.put(id, function);
        long self = api.PyCapsule_New(id, 0, release.address());
        if (self == 0) {
            functions.remove(id);
            throw interpreter.errors.toException();
        }
        try {
            long callable = api.PyCFunction_NewEx(entryPoint.methodDef(), self, 0);
            if (callable == 0) {
                functions.remove(id);
                throw interpreter.errors.toException();
            }
            return callable;
        }
        finally {
            api.Py_DecRef(self);
        }
    }

    /** How many Java functions Python holds now. */
    int liveCount() {
        return functions.size();
    }

    @Override
    public long invoke(long self, long args) {
        ThreadStates states = threadStates;
        ThreadStates.Attachment attachment = states == null ? null : states.current();
        if (attachment != null) {
            attachment.enter();
        }
        try {
            JavaFunction function = functions.get(api.PyCapsule_GetPointer(self, 0));
            if (function == null) {
                return raise("the Java function behind this Python callable is gone");
            }
            int count = Math.toIntExact(api.PyTuple_Size(args));
            List<Object> javaArgs = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                javaArgs.add(interpreter.fromPython.natural(api.PyTuple_GetItem(args, i)));
            }
            return interpreter.toPython.convert(function.apply(javaArgs));
        }
        catch (PythonConversionException ex) {
            return raise("pybridge: " + ex.getMessage());
        }
        catch (Throwable ex) {
            // Nothing may escape into native code: it becomes a Python exception the caller can catch.
            return raise(ex.getClass().getName() + ": " + ex.getMessage());
        }
        finally {
            if (attachment != null) {
                attachment.exit();
            }
        }
    }

    private long raise(String message) {
        api.PyErr_SetString(javaException, (message + "\0").getBytes(StandardCharsets.UTF_8));
        return 0;
    }
}
