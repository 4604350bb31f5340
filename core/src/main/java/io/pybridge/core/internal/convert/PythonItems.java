package io.pybridge.core.internal.convert;

import java.lang.reflect.Type;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * A Python iterator read from Java one item at a time: the lazy form of a generator or iterator
 * result ({@code Iterator<T>}, {@code Stream<T>}, {@code Flux<T>}). Each item is a Python call of
 * its own through the {@link ItemSource} (permit, then the owning interpreter's GIL, both given
 * back before the item reaches Java code), converted to the item type there.
 *
 * <p>Closing it closes the Python side ({@code generator.close()}: the generator's {@code finally}
 * blocks run, in its own interpreter) and releases the reference; running out of items releases
 * it too. One left open and unreachable is released by the handle's cleaner, and CPython closes a
 * generator it deallocates. Not for concurrent use, like any {@code Iterator}; a lock still keeps
 * a close from another thread (a cancelled {@code Flux}) from running while an item is fetched, for
 * a generator called while it is already running raises {@code ValueError}.
 */
public final class PythonItems implements Iterator<@Nullable Object>, AutoCloseable {

    /** What a Python iterator does for {@link PythonItems}, each a call through the gate. */
    public interface ItemSource {

        /**
         * {@code next(iterator)} converted to {@code type}, or {@link #END} once it is exhausted
         * (the reference is then released).
         */
        @Nullable Object next(Type type);

        /** {@code iterator.close()} if it has one (a generator does), then the reference released. */
        void close();
    }

    /** What {@link ItemSource#next} returns past the last item (None converts to null, an item). */
    public static final Object END = new Object();

    private final ItemSource source;

    private final Type itemType;

    private final ReentrantLock lock = new ReentrantLock();

    /** The item {@link #hasNext()} fetched and {@link #next()} has not returned yet, or null. */
    private @Nullable Object ahead;

    private boolean hasAhead;

    private boolean finished;

    public PythonItems(ItemSource source, Type itemType) {
        this.source = source;
        this.itemType = itemType;
    }

    /** The Java type each item converts to. */
    public Type itemType() {
        return itemType;
    }

    @Override
    public boolean hasNext() {
        lock.lock();
        try {
            if (hasAhead) {
                return true;
            }
            if (finished) {
                return false;
            }
            Object item = fetch();
            if (item == END) {
                return false;
            }
            ahead = item;
            hasAhead = true;
            return true;
        }
        finally {
            lock.unlock();
        }
    }

    @Override
    public @Nullable Object next() {
        lock.lock();
        try {
            if (!hasNext()) {
                throw new NoSuchElementException("The Python iterator has no more items");
            }
            Object item = ahead;
            ahead = null;
            hasAhead = false;
            return item;
        }
        finally {
            lock.unlock();
        }
    }

    /**
     * The next item, or {@link #END}: one Python call, no look-ahead (what a {@code Spliterator}
     * and a {@code Flux} ask for, so that no item is fetched before it is wanted).
     */
    public @Nullable Object nextOrEnd() {
        lock.lock();
        try {
            if (hasAhead) {
                Object item = ahead;
                ahead = null;
                hasAhead = false;
                return item;
            }
            return finished ? END : fetch();
        }
        finally {
            lock.unlock();
        }
    }

    /**
     * One item from Python. An exception ends the iteration: a generator that raised is finished,
     * and an item Java cannot convert leaves the consumer with nothing sensible to go on with.
     */
    private @Nullable Object fetch() {
        Object item;
        try {
            item = source.next(itemType);
        }
        catch (RuntimeException | Error ex) {
            closeAfter(ex);
            throw ex;
        }
        if (item == END) {
            finished = true; // the source released the reference itself
        }
        return item;
    }

    /** Closes the Python side; what closing throws is added to {@code cause}, which the caller throws. */
    public void closeAfter(Throwable cause) {
        try {
            close();
        }
        catch (RuntimeException | Error ex) {
            if (ex != cause) {
                cause.addSuppressed(ex);
            }
        }
    }

    /**
     * Closes the Python iterator (a generator's {@code finally} runs now, in its interpreter) and
     * releases it; does nothing once closed or exhausted. A generator that raises while closing
     * throws here, as a {@code PythonException}.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (finished) {
                return;
            }
            finished = true;
            ahead = null;
            hasAhead = false;
            source.close();
        }
        finally {
            lock.unlock();
        }
    }
}
