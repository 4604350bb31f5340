package io.pybridge.core;

import io.pybridge.core.exception.PythonClosedException;
import java.lang.ref.Cleaner;
import java.lang.reflect.Type;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A Python object kept alive from Java: a loaded model, a compiled regex, a session object.
 * The handle owns one strong reference. It is usable from any thread (every operation passes the
 * interceptor of the operations that produced it, then the permit and the GIL, like a template
 * call) and is {@link AutoCloseable}; a handle that becomes unreachable unclosed is released
 * anyway: a {@link Cleaner} only queues the pointer, and the next thread that takes the GIL
 * releases it, so no thread ever blocks on the GIL for a cleaner. After the interpreter closed,
 * using a handle throws {@link PythonClosedException} and late cleaners do nothing harmful.
 *
 * <p>Results of operations use the natural mapping, and objects without one come back as
 * handles too. Equality and hashing follow Python's {@code ==} and {@code hash()} (an
 * unhashable object hashes to 0, which keeps {@code equals}/{@code hashCode} consistent).
 * Handles are made by pybridge only (results, arguments of Java callbacks); do not implement
 * this interface.
 */
public interface PythonObject extends AutoCloseable, Iterable<Object> {

    /** Whether {@link #close()} was called (or the runtime closed it). */
    boolean isClosed();

    /** {@code getattr(obj, name)}, natural mapping (a handle when there is none). */
    @Nullable Object getAttr(String name);

    /** {@code getattr(obj, name)} converted to {@code type} ({@code PythonObject.class} for a handle). */
    <T> @Nullable T getAttr(String name, Class<T> type);

    /** {@code setattr(obj, name, value)}. */
    void setAttr(String name, @Nullable Object value);

    /** {@code obj(*args)}. */
    @Nullable Object call(@Nullable Object... args);

    /** {@code obj(*args, **keywords)} converted to {@code type}. */
    @Nullable Object call(List<?> args, @Nullable Map<String, ?> keywords, Type type);

    /** {@code obj.method(*args)}. */
    @Nullable Object callMethod(String method, @Nullable Object... args);

    /** {@code obj.method(*args)} converted to {@code type}. */
    <T> @Nullable T callMethodForObject(String method, Class<T> type, @Nullable Object... args);

    /** {@code obj.method(*args, **keywords)} converted to {@code type}. */
    @Nullable Object callMethod(String method, List<?> args, @Nullable Map<String, ?> keywords, Type type);

    /** {@code obj[key]}. */
    @Nullable Object get(@Nullable Object key);

    /** {@code obj[key]} converted to {@code type}. */
    <T> @Nullable T get(@Nullable Object key, Class<T> type);

    /** {@code obj[key] = value}. */
    void set(@Nullable Object key, @Nullable Object value);

    /** {@code len(obj)}. */
    long len();

    /** {@code str(obj)}. */
    String str();

    /** {@code repr(obj)}. */
    String repr();

    /** The object converted to {@code type}. */
    <T> @Nullable T as(Class<T> type);

    /** The object converted to a generic type. */
    <T> @Nullable T as(TypeRef<T> type);

    /** Iterates {@code list(obj)}, taken in one go (each item in the natural mapping). */
    @Override
    Iterator<Object> iterator();

    /** Releases the Python reference now; idempotent. */
    @Override
    void close();

    /** Python {@code ==} with another handle; false for anything else or closed handles. */
    @Override
    boolean equals(@Nullable Object other);

    /** Python {@code hash()}; 0 for unhashable objects and closed handles. */
    @Override
    int hashCode();

    /** {@code str(obj)}, or a marker when closed. */
    @Override
    String toString();
}
