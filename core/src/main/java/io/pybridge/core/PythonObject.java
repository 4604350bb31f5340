package io.pybridge.core;

import io.pybridge.core.exception.PythonBridgeException;
import io.pybridge.core.exception.PythonClosedException;
import java.lang.ref.Cleaner;
import java.lang.reflect.Type;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A Python object kept alive from Java: a loaded model, a compiled regex, a session object.
 * The handle owns one strong reference. It is usable from any thread (every operation goes
 * through the permit and the GIL like a template call) and is {@link AutoCloseable}; a handle
 * that becomes unreachable unclosed is released anyway: a {@link Cleaner} only queues the
 * pointer, and the next thread that takes the GIL releases it, so no thread ever blocks on the
 * GIL for a cleaner. After the interpreter closed, using a handle throws
 * {@link PythonClosedException} and late cleaners do nothing harmful.
 *
 * <p>Results of operations use the natural mapping, and objects without one come back as
 * handles too. Equality and hashing follow Python's {@code ==} and {@code hash()} (an
 * unhashable object hashes to 0, which keeps {@code equals}/{@code hashCode} consistent).
 */
public final class PythonObject implements AutoCloseable, Iterable<Object> {

    /** The runtime side of handles: every operation, run holding the permit and the GIL. */
    public interface Owner {

        <T> T getAttr(PythonObject object, String name, Type type);

        void setAttr(PythonObject object, String name, Object value);

        Object call(PythonObject object, String method, List<?> args, Map<String, ?> keywords, Type type);

        <T> T getItem(PythonObject object, Object key, Type type);

        void setItem(PythonObject object, Object key, Object value);

        long length(PythonObject object);

        String text(PythonObject object, boolean repr);

        boolean pythonEquals(PythonObject object, PythonObject other);

        long pythonHash(PythonObject object);

        <T> T convert(PythonObject object, Type type);

        /** {@code list(obj)} in the natural mapping. */
        List<Object> items(PythonObject object);

        /** Releases the reference now (closing the handle). */
        void release(PythonObject object);
    }

    private final Owner owner;

    private final long reference;

    private final Cleaner.Cleanable cleanable;

    private volatile boolean closed;

    /**
     * Internal: created by the runtime with a new reference it hands over.
     *
     * @param cleanable registered by the owner to queue the reference if this handle is collected
     */
    public PythonObject(Owner owner, long reference, java.util.function.Function<PythonObject, Cleaner.Cleanable> cleanable) {
        this.owner = owner;
        this.reference = reference;
        this.cleanable = cleanable.apply(this);
    }

    /** Internal: the reference, valid while the handle is open; check {@link #isClosed()} under the GIL. */
    public long reference() {
        if (closed) {
            throw new IllegalStateException("This PythonObject was closed");
        }
        return reference;
    }

    /** Internal: the owner this handle belongs to. */
    public Owner owner() {
        return owner;
    }

    /** Internal: marks the handle closed and unregisters its cleaner; returns false if it already was. */
    public boolean markClosed() {
        synchronized (this) {
            if (closed) {
                return false;
            }
            closed = true;
        }
        cleanable.clean();
        return true;
    }

    public boolean isClosed() {
        return closed;
    }

    /** {@code getattr(obj, name)}, natural mapping (a handle when there is none). */
    public Object getAttr(String name) {
        return owner.getAttr(this, name, Object.class);
    }

    /** {@code getattr(obj, name)} converted to {@code type} ({@code PythonObject.class} for a handle). */
    @SuppressWarnings("unchecked")
    public <T> T getAttr(String name, Class<T> type) {
        return (T) owner.getAttr(this, name, type);
    }

    /** {@code setattr(obj, name, value)}. */
    public void setAttr(String name, Object value) {
        owner.setAttr(this, name, value);
    }

    /** {@code obj(*args)}. */
    public Object call(Object... args) {
        return owner.call(this, null, List.of(args), Map.of(), Object.class);
    }

    /** {@code obj(*args, **keywords)} converted to {@code type}. */
    public Object call(List<?> args, Map<String, ?> keywords, Type type) {
        return owner.call(this, null, args, keywords, type);
    }

    /** {@code obj.method(*args)}. */
    public Object callMethod(String method, Object... args) {
        return owner.call(this, method, List.of(args), Map.of(), Object.class);
    }

    /** {@code obj.method(*args)} converted to {@code type}. */
    @SuppressWarnings("unchecked")
    public <T> T callMethodForObject(String method, Class<T> type, Object... args) {
        return (T) owner.call(this, method, List.of(args), Map.of(), type);
    }

    /** {@code obj.method(*args, **keywords)} converted to {@code type}. */
    public Object callMethod(String method, List<?> args, Map<String, ?> keywords, Type type) {
        return owner.call(this, method, args, keywords, type);
    }

    /** {@code obj[key]}. */
    public Object get(Object key) {
        return owner.getItem(this, key, Object.class);
    }

    /** {@code obj[key]} converted to {@code type}. */
    @SuppressWarnings("unchecked")
    public <T> T get(Object key, Class<T> type) {
        return (T) owner.getItem(this, key, type);
    }

    /** {@code obj[key] = value}. */
    public void set(Object key, Object value) {
        owner.setItem(this, key, value);
    }

    /** {@code len(obj)}. */
    public long len() {
        return owner.length(this);
    }

    /** {@code str(obj)}. */
    public String str() {
        return owner.text(this, false);
    }

    /** {@code repr(obj)}. */
    public String repr() {
        return owner.text(this, true);
    }

    /** The object converted to {@code type}. */
    @SuppressWarnings("unchecked")
    public <T> T as(Class<T> type) {
        return (T) owner.convert(this, type);
    }

    /** The object converted to a generic type. */
    @SuppressWarnings("unchecked")
    public <T> T as(TypeRef<T> type) {
        return (T) owner.convert(this, type.getType());
    }

    /** Iterates {@code list(obj)}, taken in one go (each item in the natural mapping). */
    @Override
    public Iterator<Object> iterator() {
        return owner.items(this).iterator();
    }

    /** Releases the Python reference now; idempotent. */
    @Override
    public void close() {
        owner.release(this);
    }

    /** Python {@code ==} with another handle; false for anything else or closed handles. */
    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof PythonObject that) || closed || that.closed) {
            return false;
        }
        return owner.pythonEquals(this, that);
    }

    /** Python {@code hash()}; 0 for unhashable objects and closed handles. */
    @Override
    public int hashCode() {
        if (closed) {
            return 0;
        }
        return Long.hashCode(owner.pythonHash(this));
    }

    /** {@code str(obj)}, or a marker when closed. */
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
