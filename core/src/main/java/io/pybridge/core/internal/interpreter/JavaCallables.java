package io.pybridge.core.internal.interpreter;

import io.pybridge.core.exception.DeferredStackTraces;
import io.pybridge.core.exception.PythonException;
import io.pybridge.core.internal.attach.Attachment;
import io.pybridge.core.internal.attach.ThreadStates;
import io.pybridge.core.internal.capi.CApi;
import io.pybridge.core.internal.capi.CStrings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Java functions callable from Python: one native entry point (a {@code PyMethodDef} from {@link CApi#newMethodDef}) whose
 * bound {@code self} is an int naming the Java function to run. Arguments and results convert
 * with the natural mapping; a Java exception becomes {@code _pybridge.JavaException} in Python.
 *
 * <p>Python calls these holding the GIL, possibly from a thread Python started. While one runs,
 * its thread counts as inside a call, so Java code in it that calls Python again re-enters
 * directly instead of waiting for a permit it could never get.
 */
final class JavaCallables implements CApi.MethodTarget {

    /**
     * How deep Python → Java → Python nesting may go on one thread. Each level costs Java frames
     * (JNA, conversion, the gate) and C frames (the call, the eval loop) — about 10 KiB measured —
     * so 100 levels fit easily in pybridge's 16 MiB threads and in Python's own 8 MiB ones.
     */
    static final int MAX_CALLBACK_DEPTH = 100;

    /**
     * How many of CPython's 16 KiB stack margins above its soft limit a Java callback must find
     * free on entry ({@code _Py_ReachedRecursionLimitWithMargin}, CPython 3.14.2+): 3, so the
     * callback starts at least 48 KiB above the soft limit and 64 KiB above the hard one, where
     * CPython stops the process. Java cannot tell CPython how deep its frames go: between this
     * entry and the next recursion check CPython makes (the callback calling Python again) lie the
     * callback's own frames (pybridge's conversion, the application's code, proxies) and
     * pybridge's way back into Python, all unchecked. Without the check a callback made at
     * CPython's deepest point had only the 16 KiB between the two limits; with it, it has at
     * least 64 KiB, which the reliability tests' callbacks of 17 to 57 KiB of Java frames fit
     * in. More would refuse callbacks near the top of a 256 KiB thread's stack, whose region
     * has 96 KiB above the soft limit in all. A callback whose own frames take more than
     * that can still reach the hard limit: see docs/reliability.md.
     */
    static final int CALLBACK_STACK_MARGINS = 3;

    /** The longest Java message Python is given (characters). */
    private static final int MAX_MESSAGE = 4_000;

    private static final String JAVA_EXCEPTION = "_pybridge.JavaException";

    private static final byte[] TOO_DEEP = CStrings.of("pybridge: Java callbacks nested more than " + MAX_CALLBACK_DEPTH
            + " levels deep (Python -> Java -> Python ...)");

    private static final byte[] NO_STACK = CStrings.of("pybridge: not enough C stack left to call Java (less than "
            + CALLBACK_STACK_MARGINS * 16 + " KiB above CPython's recursion limit on this thread)");

    private static final byte[] CLASS = CStrings.of("__class__");

    private static final byte[] GONE = CStrings.of("the Java function behind this Python callable is gone");

    /** Preallocated: used when describing the Java exception itself failed (out of memory, say). */
    private static final byte[] UNDESCRIBED = CStrings.of("a Java exception was thrown that could not be described");

    /** A Java function Python can call. */
    @FunctionalInterface
    interface JavaFunction {
        Object apply(List<Object> args) throws Exception;
    }

    private final Interpreter interpreter;

    private final CApi api;

    /** The {@code PyMethodDef} every Java callable shares; its {@code self} says which function runs. */
    private final long entryPoint;

    /** Frees a function's registry entry when Python frees the capsule bound as its {@code self}. */
    private final long release;

    private final Map<Long, JavaFunction> functions = new ConcurrentHashMap<>();

    private final AtomicLong nextId = new AtomicLong();

    private final long javaException;

    /** {@code _pybridge.java_exception}: builds the exception instance Python raises for a Java throwable. */
    private final long javaExceptionFactory;

    /** {@code RecursionError}, raised when callbacks nest deeper than {@link #MAX_CALLBACK_DEPTH}. */
    private final long recursionError;

    /** Unregisters a Java exception when Python frees the JavaException that carried it. */
    private final long forget;

    /** Whose attachment counts callback nesting (a callback's thread is inside a call). */
    private final ThreadStates threadStates;

    /** Whether a callback first checks the C stack left ({@link #CALLBACK_STACK_MARGINS}): CPython 3.14.2+. */
    private final boolean checksStack;

    /**
     * @param javaException {@code _pybridge.JavaException}
     * @param javaExceptionFactory {@code _pybridge.java_exception}
     * @param recursionError {@code RecursionError}; all three strong references owned by the interpreter
     */
    JavaCallables(Interpreter interpreter, ThreadStates threadStates, long javaException, long javaExceptionFactory, long recursionError) {
        this.interpreter = interpreter;
        this.threadStates = threadStates;
        this.api = interpreter.api;
        this.javaException = javaException;
        this.javaExceptionFactory = javaExceptionFactory;
        this.recursionError = recursionError;
        this.checksStack = api.hasRecursionMarginCheck();
        this.entryPoint = api.newMethodDef("java_function", this);
        this.forget = api.newCapsuleDestructor(
                capsule -> interpreter.errors.forget(api.PyCapsule_GetPointer(capsule, 0)));
        this.release = api.newCapsuleDestructor(
                capsule -> functions.remove(api.PyCapsule_GetPointer(capsule, 0)));
    }

    /**
     * A new reference to a Python callable running {@code function}. The function stays
     * registered exactly as long as Python holds the callable: its {@code self} is a capsule
     * whose destructor unregisters it. GIL held.
     */
    long newCallable(JavaFunction function) {
        long id = nextId.incrementAndGet(); // never 0: a capsule's pointer must not be NULL
        functions.put(id, function);
        long self = api.PyCapsule_New(id, 0, release);
        if (self == 0) {
            functions.remove(id);
            throw interpreter.errors.toException();
        }
        try {
            long callable = api.PyCFunction_NewEx(entryPoint, self, 0);
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
        // Nothing may escape into native code (JNA would only log it and return garbage to
        // CPython): every Throwable, Errors included, becomes a pending Python exception.
        Attachment attachment = null;
        // Application code runs here: whatever it catches must have its stack trace, even inside
        // an operation that defers them (see DeferredStackTraces).
        DeferredStackTraces traces = null;
        boolean deferred = false;
        try {
            if (checksStack && api.reachedRecursionLimitWithMargin(api.PyThreadState_Get(), CALLBACK_STACK_MARGINS) != 0) {
                // Too close to CPython's limits to run Java frames CPython cannot see: refuse
                // with an error Python code can catch, before any of them run.
                api.PyErr_SetString(recursionError, NO_STACK);
                return 0;
            }
            traces = DeferredStackTraces.ofCurrentThread();
            deferred = traces.defer(false);
            attachment = threadStates.current();
            int depth = attachment.enterCallback();
            if (depth > MAX_CALLBACK_DEPTH) {
                // Each level holds Java and C frames on this thread's stack: stop long before
                // either runs out, with an error Python code can catch.
                api.PyErr_SetString(recursionError, TOO_DEEP);
                return 0;
            }
            JavaFunction function = functions.get(api.PyCapsule_GetPointer(self, 0));
            if (function == null) {
                api.PyErr_SetString(javaException, GONE);
                return 0;
            }
            int count = Math.toIntExact(api.PyTuple_Size(args));
            List<Object> javaArgs = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                javaArgs.add(interpreter.fromPython.natural(api.PyTuple_GetItem(args, i)));
            }
            return interpreter.toPython.convert(function.apply(javaArgs));
        }
        catch (Throwable thrown) {
            return raise(thrown);
        }
        finally {
            if (traces != null) {
                traces.defer(deferred);
            }
            if (attachment != null) {
                attachment.exitCallback();
            }
        }
    }

    /**
     * Raises {@code thrown} in Python as a {@code _pybridge.JavaException} that names the Java
     * exception first thrown (so nested callbacks never repeat the text) and keeps a token for
     * {@code thrown} itself, so the Java caller on the far side gets it back as the cause.
     * Returns 0, the C convention for "exception set".
     */
    private long raise(Throwable thrown) {
        try {
            Throwable origin = thrown;
            while (origin instanceof PythonException crossed && crossed.isInstanceOf(JAVA_EXCEPTION)
                    && crossed.getCause() != null && crossed.getCause() != origin) {
                origin = crossed.getCause();
            }
            String type = origin.getClass().getName();
            String message = origin instanceof PythonException fromPython
                    ? fromPython.getPythonType() + ": " + fromPython.getPythonMessage() : origin.getMessage();
            // A Python exception of a kept type (RecursionError, Interrupted...) coming back out of
            // nested Python code is raised again as that type; anything else as JavaException.
            PythonException nested = thrown instanceof PythonException crossed ? crossed : null;
            raiseJavaException(thrown, type, shorten(message), nested == null ? null : nested.getPythonType(),
                    nested == null ? null : shorten(nested.getPythonMessage()));
        }
        catch (Throwable failure) {
            // Out of memory or stack while describing it: still never let anything reach native code.
            try {
                api.PyErr_SetString(javaException, UNDESCRIBED);
            }
            catch (Throwable ignored) {
                // Nothing more can be done from here; CPython reports a SystemError.
            }
        }
        return 0;
    }

    private void raiseJavaException(Throwable thrown, String type, String message, String pythonType,
            String pythonMessage) {
        long token = interpreter.errors.remember(thrown);
        long capsule = api.PyCapsule_New(token, 0, forget);
        if (capsule == 0) {
            interpreter.errors.forget(token);
            return; // MemoryError is pending
        }
        // From here the capsule's destructor forgets the token, whichever way this ends.
        long[] argv = { 0, 0, 0, capsule, 0, 0 };
        try {
            argv[0] = interpreter.toPython.convert(type);
            argv[1] = interpreter.toPython.convert(message);
            argv[2] = interpreter.toPython.convert(token);
            argv[4] = interpreter.toPython.convert(pythonType);
            argv[5] = interpreter.toPython.convert(pythonMessage);
            long exception = api.PyObject_VectorcallDict(javaExceptionFactory, argv, argv.length, 0);
            if (exception != 0) {
                long kind = api.PyObject_GetAttrString(exception, CLASS);
                if (kind != 0) {
                    api.PyErr_SetObject(kind, exception);
                    api.Py_DecRef(kind);
                }
                api.Py_DecRef(exception);
            }
        }
        finally {
            for (long arg : argv) {
                if (arg != 0) {
                    api.Py_DecRef(arg);
                }
            }
        }
    }

    /** A Java message as Python sees it: huge ones are cut, so an error never costs more than its first part. */
    private static String shorten(String message) {
        if (message == null || message.length() <= MAX_MESSAGE) {
            return message;
        }
        return message.substring(0, MAX_MESSAGE) + "... (" + (message.length() - MAX_MESSAGE) + " more characters)";
    }
}
