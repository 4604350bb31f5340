package io.pybridge.core.runtime;

import io.pybridge.core.internal.capi.CStrings;
import io.pybridge.core.exception.PythonConversionException;
import io.pybridge.core.PythonObject;
import io.pybridge.core.internal.capi.CApi;
import io.pybridge.core.convert.ObjectBridge;
import io.pybridge.core.convert.ToPython;
import java.lang.ref.Cleaner;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The runtime side of {@link PythonObject} handles and of Java functions passed to Python.
 *
 * <p>Ownership: a handle owns one strong reference. {@link PythonObject#close()} releases it at
 * once (taking the permit and the GIL); a handle collected unclosed has its reference queued by
 * a {@link Cleaner} (which never touches Python) and released by the next thread that attaches.
 */
final class Handles implements ObjectBridge, PythonObject.Owner {

    private static final Cleaner CLEANER = Cleaner.create(runnable -> {
        Thread thread = new Thread(runnable, "pybridge-handle-cleaner");
        thread.setDaemon(true);
        return thread;
    });

    private final PythonRuntime runtime;

    private final Interpreter interpreter;

    private final CApi api;

    private final LongAdder live = new LongAdder();

    Handles(PythonRuntime runtime, Interpreter interpreter) {
        this.runtime = runtime;
        this.interpreter = interpreter;
        this.api = interpreter.api;
    }

    /** Handles open now (not closed and not yet collected). */
    long liveCount() {
        return live.sum();
    }

    // ---- ObjectBridge (GIL held) ----

    @Override
    public Object handleFor(long borrowed) {
        api.Py_IncRef(borrowed);
        live.increment();
        return new PythonObject(this, borrowed, handle -> CLEANER.register(handle, new Release(interpreter, borrowed, live)));
    }

    @Override
    public long referenceOf(Object value) {
        if (!(value instanceof PythonObject handle)) {
            return 0;
        }
        if (handle.owner() != this) {
            throw new PythonConversionException("This PythonObject belongs to another Python runtime");
        }
        long reference = handle.reference();
        api.Py_IncRef(reference);
        return reference;
    }

    @Override
    public long callableFor(Object value) {
        Method method = ToPython.functionalMethod(value);
        if (method == null) {
            return 0;
        }
        return interpreter.callables.newCallable(args -> invoke(value, method, args));
    }

    /** Calls a Java functional object from Python with its arguments coerced to the parameter types. */
    private static Object invoke(Object target, Method method, List<Object> args) throws Exception {
        Class<?>[] types = method.getParameterTypes();
        if (args.size() != types.length) {
            throw new IllegalArgumentException(method.getDeclaringClass().getSimpleName() + "." + method.getName()
                    + " takes " + types.length + " argument(s), Python passed " + args.size());
        }
        Object[] values = new Object[types.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = coerce(args.get(i), types[i]);
        }
        try {
            return method.invoke(target, values);
        }
        catch (InvocationTargetException ex) {
            Throwable cause = ex.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            throw (Error) cause;
        }
    }

    /** Narrows the natural Python values (Long, Double) to what a typed parameter wants. */
    private static Object coerce(Object value, Class<?> type) {
        if (value instanceof Long number) {
            if (type == int.class || type == Integer.class) {
                return Math.toIntExact(number);
            }
            if (type == short.class || type == Short.class) {
                if (number < Short.MIN_VALUE || number > Short.MAX_VALUE) {
                    throw new ArithmeticException(number + " does not fit in a short");
                }
                return number.shortValue();
            }
            if (type == double.class || type == Double.class) {
                return number.doubleValue();
            }
            if (type == float.class || type == Float.class) {
                return number.floatValue();
            }
        }
        if (value instanceof Double number && (type == float.class || type == Float.class)) {
            return number.floatValue();
        }
        return value;
    }

    // ---- PythonObject.Owner (any thread) ----

    private <T> T withGil(PythonObject object, java.util.function.LongFunction<T> work) {
        // After close() the gate refuses the call with PythonClosedException.
        return runtime.execute(session -> work.apply(object.reference()));
    }

    private long check(long reference) {
        if (reference == 0) {
            throw interpreter.errors.toException();
        }
        return reference;
    }

    private Object convertAndRelease(long reference, Type type) {
        try {
            return interpreter.fromPython.convert(reference, type);
        }
        finally {
            interpreter.toPython.release(reference);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getAttr(PythonObject object, String name, Type type) {
        return (T) withGil(object, ref -> convertAndRelease(
                check(api.PyObject_GetAttrString(ref, CStrings.of(name))), type));
    }

    @Override
    public void setAttr(PythonObject object, String name, Object value) {
        withGil(object, ref -> {
            long converted = interpreter.toPython.convert(value);
            int status = api.PyObject_SetAttrString(ref, CStrings.of(name), converted);
            api.Py_DecRef(converted);
            if (status != 0) {
                throw interpreter.errors.toException();
            }
            return null;
        });
    }

    @Override
    public Object call(PythonObject object, String method, List<?> args, Map<String, ?> keywords, Type type) {
        return withGil(object, ref -> {
            long callable = method == null ? ref : check(api.PyObject_GetAttrString(ref, CStrings.of(method)));
            try {
                long kwargs = keywords == null || keywords.isEmpty() ? 0 : interpreter.fill(api.PyDict_New(), keywords, "keywords");
                try {
                    return convertAndRelease(interpreter.callFunction(callable, args.toArray(), kwargs), type);
                }
                finally {
                    api.Py_DecRef(kwargs);
                }
            }
            finally {
                if (method != null) {
                    api.Py_DecRef(callable);
                }
            }
        });
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getItem(PythonObject object, Object key, Type type) {
        return (T) withGil(object, ref -> {
            long pyKey = interpreter.toPython.convert(key);
            try {
                return convertAndRelease(check(api.PyObject_GetItem(ref, pyKey)), type);
            }
            finally {
                api.Py_DecRef(pyKey);
            }
        });
    }

    @Override
    public void setItem(PythonObject object, Object key, Object value) {
        withGil(object, ref -> {
            long pyKey = interpreter.toPython.convert(key);
            long pyValue;
            try {
                pyValue = interpreter.toPython.convert(value);
            }
            catch (RuntimeException ex) {
                api.Py_DecRef(pyKey);
                throw ex;
            }
            int status = api.PyObject_SetItem(ref, pyKey, pyValue);
            api.Py_DecRef(pyKey);
            api.Py_DecRef(pyValue);
            if (status != 0) {
                throw interpreter.errors.toException();
            }
            return null;
        });
    }

    @Override
    public long length(PythonObject object) {
        return withGil(object, ref -> {
            long length = api.PyObject_Length(ref);
            if (length < 0) {
                throw interpreter.errors.toException();
            }
            return length;
        });
    }

    @Override
    public String text(PythonObject object, boolean repr) {
        return withGil(object, ref -> (String) convertAndRelease(
                check(repr ? api.PyObject_Repr(ref) : api.PyObject_Str(ref)), String.class));
    }

    @Override
    public boolean pythonEquals(PythonObject object, PythonObject other) {
        return withGil(object, ref -> {
            int result = api.PyObject_RichCompareBool(ref, other.reference(), 2 /* Py_EQ */);
            if (result < 0) {
                throw interpreter.errors.toException();
            }
            return result == 1;
        });
    }

    @Override
    public long pythonHash(PythonObject object) {
        return withGil(object, ref -> {
            long hash = api.PyObject_Hash(ref);
            if (hash == -1 && api.PyErr_Occurred() != 0) {
                api.PyErr_Clear(); // unhashable: 0 keeps equals/hashCode consistent
                return 0L;
            }
            return hash;
        });
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T convert(PythonObject object, Type type) {
        return (T) withGil(object, ref -> interpreter.fromPython.convert(ref, type));
    }

    @Override
    public List<Object> items(PythonObject object) {
        return withGil(object, ref -> {
            long iterator = check(api.PyObject_GetIter(ref));
            List<Object> items = new ArrayList<>();
            try {
                long item;
                while ((item = api.PyIter_Next(iterator)) != 0) {
                    try {
                        items.add(interpreter.fromPython.convert(item, Object.class));
                    }
                    finally {
                        api.Py_DecRef(item);
                    }
                }
                if (api.PyErr_Occurred() != 0) {
                    throw interpreter.errors.toException();
                }
                return items;
            }
            finally {
                api.Py_DecRef(iterator);
            }
        });
    }

    @Override
    public void release(PythonObject object) {
        if (object.isClosed()) {
            return;
        }
        if (runtime.state() != PythonRuntime.State.RUNNING) {
            object.markClosed(); // Python is gone (or going): nothing to release
            return;
        }
        // markClosed() runs the cleaner action, which queues the reference; the call drains it now.
        runtime.execute(session -> {
            object.markClosed();
            interpreter.deferredDecrefs.drain();
            return null;
        });
    }

    /** The cleaner action: queues the reference; never touches Python, never blocks. */
    private static final class Release implements Runnable {

        private final Interpreter interpreter;

        private final long reference;

        private final LongAdder live;

        Release(Interpreter interpreter, long reference, LongAdder live) {
            this.interpreter = interpreter;
            this.reference = reference;
            this.live = live;
        }

        @Override
        public void run() {
            live.decrement();
            interpreter.deferredDecrefs.add(reference);
        }
    }
}
