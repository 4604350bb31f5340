package io.pybridge.core.internal.interpreter;

import io.pybridge.core.PythonCallInterceptor;
import io.pybridge.core.PythonObject;
import io.pybridge.core.TypeRef;
import io.pybridge.core.exception.PythonBridgeException;
import java.lang.ref.Cleaner;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@link PythonObject} pybridge hands out. Owns one strong reference to its object: released
 * by {@link #close()} through the funnel, or, if the handle is collected unclosed, queued by its
 * cleaner and released by the next thread that attaches.
 */
final class Handle implements PythonObject {

    private final HandleOperations operations;

    /** The interceptor of the operation that produced this handle; its own operations pass it too. */
    private final @Nullable PythonCallInterceptor interceptor;

    private final long reference;

    private final Cleaner.Cleanable cleanable;

    private volatile boolean closed;

    /**
     * @param reference a new reference, handed over to this handle
     * @param release the cleaner action: queues {@code reference} for release; never touches Python
     */
    Handle(HandleOperations operations, PythonCallInterceptor interceptor, long reference, Cleaner cleaner,
            Runnable release) {
        this.operations = operations;
        this.interceptor = interceptor;
        this.reference = reference;
        // The action must not capture this handle, or it would never become unreachable.
        this.cleanable = cleaner.register(this, release);
    }

    /** The reference, valid while the handle is open; check {@link #isClosed()} under the GIL. */
    long reference() {
        if (closed) {
            throw new IllegalStateException("This PythonObject was closed");
        }
        return reference;
    }

    PythonCallInterceptor interceptor() {
        return interceptor;
    }

    HandleOperations operations() {
        return operations;
    }

    /** Marks the handle closed and runs its cleaner action (which queues the reference) once. */
    boolean markClosed() {
        synchronized (this) {
            if (closed) {
                return false;
            }
            closed = true;
        }
        cleanable.clean();
        return true;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public Object getAttr(String name) {
        return operations.getAttr(this, name, Object.class);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getAttr(String name, Class<T> type) {
        return (T) operations.getAttr(this, name, type);
    }

    @Override
    public void setAttr(String name, Object value) {
        operations.setAttr(this, name, value);
    }

    @Override
    public Object call(Object... args) {
        return operations.call(this, null, Arrays.asList(args), Map.of(), Object.class);
    }

    @Override
    public Object call(List<?> args, Map<String, ?> keywords, Type type) {
        return operations.call(this, null, args, keywords, type);
    }

    @Override
    public Object callMethod(String method, Object... args) {
        return operations.call(this, method, Arrays.asList(args), Map.of(), Object.class);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T callMethodForObject(String method, Class<T> type, Object... args) {
        return (T) operations.call(this, method, Arrays.asList(args), Map.of(), type);
    }

    @Override
    public Object callMethod(String method, List<?> args, Map<String, ?> keywords, Type type) {
        return operations.call(this, method, args, keywords, type);
    }

    @Override
    public Object get(Object key) {
        return operations.getItem(this, key, Object.class);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(Object key, Class<T> type) {
        return (T) operations.getItem(this, key, type);
    }

    @Override
    public void set(Object key, Object value) {
        operations.setItem(this, key, value);
    }

    @Override
    public long len() {
        return operations.length(this);
    }

    @Override
    public String str() {
        return operations.text(this, false);
    }

    @Override
    public String repr() {
        return operations.text(this, true);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T as(Class<T> type) {
        return (T) operations.convert(this, type);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T as(TypeRef<T> type) {
        return (T) operations.convert(this, type.getType());
    }

    @Override
    public Iterator<Object> iterator() {
        return operations.items(this).iterator();
    }

    @Override
    public void close() {
        operations.release(this);
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof Handle that) || closed || that.closed) {
            return false;
        }
        return operations.pythonEquals(this, that);
    }

    @Override
    public int hashCode() {
        if (closed) {
            return 0;
        }
        return Long.hashCode(operations.pythonHash(this));
    }

    @Override
    public String toString() {
        if (closed) {
            return "PythonObject[closed]";
        }
        try {
            return str();
        }
        catch (PythonBridgeException ex) {
            return "PythonObject[" + ex.getMessage() + "]";
        }
    }
}
