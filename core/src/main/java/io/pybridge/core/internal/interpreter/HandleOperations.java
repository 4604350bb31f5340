package io.pybridge.core.internal.interpreter;

import io.pybridge.core.PythonCallDescription;
import io.pybridge.core.internal.capi.CApi;
import io.pybridge.core.internal.capi.CStrings;
import io.pybridge.core.internal.convert.PythonItems;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * What a {@link Handle} does to its object: each operation passes the funnel with the handle's
 * interceptor (described as operation {@code object}, function = the method or the Python
 * protocol used), so metrics and traces see handle calls too, and holds the permit and the GIL
 * while it runs. {@code equals}, {@code hashCode} and {@code close} pass the gate unobserved.
 */
final class HandleOperations {

    private final CallFunnel funnel;

    private final Interpreter interpreter;

    private final CApi api;

    private final Handles handles;

    /** The interpreter the handles belong to, named in their operations' descriptions. */
    private final String interpreterName;

    HandleOperations(String interpreterName, CallFunnel funnel, Interpreter interpreter, Handles handles) {
        this.interpreterName = interpreterName;
        this.funnel = funnel;
        this.interpreter = interpreter;
        this.api = interpreter.api;
        this.handles = handles;
    }

    /** Runs {@code work} on the handle's reference through the funnel; after close() the gate refuses it. */
    private <T> T run(Handle handle, String operation, LongFunction<T> work) {
        return funnel.call(handle.interceptor(), new PythonCallDescription("object", "", operation, interpreterName), null, true,
                session -> work.apply(handle.reference()));
    }

    /**
     * Like {@link #run} without the interceptor: for the Java object protocol ({@code equals},
     * {@code hashCode}, {@code close}), which collections and try-with-resources call far too
     * often to observe, and whose result must not depend on an interceptor.
     */
    private <T> T runUnobserved(Handle handle, String operation, LongFunction<T> work) {
        return funnel.call(null, new PythonCallDescription("object", "", operation, interpreterName), null, true,
                session -> work.apply(handle.reference()));
    }

    private Object convertAndRelease(long reference, Type type) {
        try {
            return interpreter.fromPython.convert(reference, type);
        }
        finally {
            interpreter.toPython.release(reference);
        }
    }

    Object getAttr(Handle handle, String name, Type type) {
        return run(handle, "__getattribute__", ref -> convertAndRelease(
                interpreter.errors.checked(api.PyObject_GetAttrString(ref, CStrings.of(name))), type));
    }

    void setAttr(Handle handle, String name, Object value) {
        run(handle, "__setattr__", ref -> {
            long converted = interpreter.toPython.convert(value);
            int status = api.PyObject_SetAttrString(ref, CStrings.of(name), converted);
            api.Py_DecRef(converted);
            interpreter.errors.checkedStatus(status);
            return null;
        });
    }

    /** {@code obj(*args, **keywords)}, or {@code obj.method(...)} when {@code method} is not null. */
    Object call(Handle handle, String method, List<?> args, Map<String, ?> keywords, Type type) {
        return run(handle, method == null ? "__call__" : method, ref -> {
            long callable = method == null ? ref
                    : interpreter.errors.checked(api.PyObject_GetAttrString(ref, CStrings.of(method)));
            try {
                long kwargs = keywords == null || keywords.isEmpty() ? 0
                        : interpreter.fill(api.PyDict_New(), keywords, "keywords");
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

    Object getItem(Handle handle, Object key, Type type) {
        return run(handle, "__getitem__", ref -> {
            long pyKey = interpreter.toPython.convert(key);
            try {
                return convertAndRelease(interpreter.errors.checked(api.PyObject_GetItem(ref, pyKey)), type);
            }
            finally {
                api.Py_DecRef(pyKey);
            }
        });
    }

    void setItem(Handle handle, Object key, Object value) {
        run(handle, "__setitem__", ref -> {
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
            interpreter.errors.checkedStatus(status);
            return null;
        });
    }

    long length(Handle handle) {
        return run(handle, "__len__", ref -> {
            long length = api.PyObject_Length(ref);
            if (length < 0) {
                throw interpreter.errors.toException();
            }
            return length;
        });
    }

    String text(Handle handle, boolean repr) {
        return run(handle, repr ? "__repr__" : "__str__", ref -> (String) convertAndRelease(
                interpreter.errors.checked(repr ? api.PyObject_Repr(ref) : api.PyObject_Str(ref)), String.class));
    }

    boolean pythonEquals(Handle handle, Handle other) {
        return runUnobserved(handle, "__eq__", ref -> {
            int result = api.PyObject_RichCompareBool(ref, other.reference(), 2 /* Py_EQ */);
            if (result < 0) {
                throw interpreter.errors.toException();
            }
            return result == 1;
        });
    }

    long pythonHash(Handle handle) {
        return runUnobserved(handle, "__hash__", ref -> {
            long hash = api.PyObject_Hash(ref);
            if (hash == -1 && api.PyErr_Occurred() != 0) {
                api.PyErr_Clear(); // unhashable: 0 keeps equals/hashCode consistent
                return 0L;
            }
            return hash;
        });
    }

    Object convert(Handle handle, Type type) {
        return run(handle, "convert", ref -> interpreter.fromPython.convert(ref, type));
    }

    List<Object> items(Handle handle) {
        return run(handle, "__iter__", ref -> {
            long iterator = interpreter.errors.checked(api.PyObject_GetIter(ref));
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

    /**
     * {@code next(iterator)} converted to {@code type}, or {@link PythonItems#END} once exhausted
     * (the handle then released in the same call). Not intercepted: a stream of a million items
     * would be a million observations; the call that made the iterator was observed, and the
     * interceptor is still recorded for handles the items become.
     */
    Object next(Handle handle, Type type) {
        return funnel.attached(handle.interceptor(), null, true, session -> {
            long item = api.PyIter_Next(handle.reference());
            if (item == 0) {
                if (api.PyErr_Occurred() != 0) {
                    throw interpreter.errors.toException();
                }
                handle.markClosed();
                handles.releaseQueued();
                return PythonItems.END;
            }
            return convertAndRelease(item, type);
        });
    }

    /**
     * {@code iterator.close()} when it has one (a generator runs its {@code finally} blocks now),
     * then the reference released, both in one call; after the runtime closed, only marked closed.
     */
    void closeIterator(Handle handle) {
        if (handle.isClosed()) {
            return;
        }
        if (funnel.isClosing()) {
            handle.markClosed();
            return;
        }
        funnel.attached(handle.interceptor(), null, true, session -> {
            if (handle.isClosed()) {
                return null;
            }
            try {
                long close = api.PyObject_GetAttrString(handle.reference(), CStrings.of("close"));
                if (close == 0) {
                    api.PyErr_Clear(); // a plain iterator has nothing to close
                    return null;
                }
                try {
                    api.Py_DecRef(interpreter.errors.checked(interpreter.callFunction(close, new Object[0], 0)));
                }
                finally {
                    api.Py_DecRef(close);
                }
                return null;
            }
            finally {
                handle.markClosed();
                handles.releaseQueued();
            }
        });
    }

    /** Releases the handle's reference now, through the funnel; once the runtime closes, only marks it closed. */
    void release(Handle handle) {
        if (handle.isClosed()) {
            return;
        }
        if (funnel.isClosing()) {
            handle.markClosed(); // Python is gone (or going): nothing to release
            return;
        }
        // markClosed() runs the cleaner action, which queues the reference; release it right away.
        funnel.call(null, new PythonCallDescription("object", "", "close", interpreterName), null, true, session -> {
            handle.markClosed();
            handles.releaseQueued();
            return null;
        });
    }
}
