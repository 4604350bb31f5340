package io.pybridge.core.internal.interpreter;

import io.pybridge.core.exception.PythonConversionException;
import io.pybridge.core.internal.attach.RuntimeOwnedThreads;
import io.pybridge.core.internal.attach.DeferredDecrefs;
import io.pybridge.core.internal.capi.CApi;
import io.pybridge.core.internal.convert.ObjectBridge;
import io.pybridge.core.internal.convert.PythonItems;
import java.lang.reflect.Type;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where {@link Handle}s come from and go: the converters' {@link ObjectBridge} (Python objects
 * without a natural mapping become handles, handles passed back become their reference again,
 * Java functional objects become Python callables), and the count of handles open.
 *
 * <p>Ownership: a handle owns one strong reference. {@code close()} releases it at once (through
 * the funnel); a handle collected unclosed has its reference queued by a {@link Cleaner} (which
 * never touches Python) and released by the next thread that attaches.
 */
final class Handles implements ObjectBridge {

    private static final Cleaner CLEANER = Cleaner.create(runnable -> {
        Thread thread = RuntimeOwnedThreads.create(() -> new Thread(runnable, "pybridge-handle-cleaner"));
        thread.setDaemon(true);
        return thread;
    });

    private final CApi api;

    private final DeferredDecrefs deferredDecrefs;

    private final InterceptorScope scope;

    private final HandleOperations operations;

    private final FunctionalObjects functionalObjects;

    private final LongAdder live = new LongAdder();

    /** The interpreter the handles belong to, named in the error for one used elsewhere. */
    private final String interpreterName;

    Handles(String interpreterName, Interpreter interpreter, CallFunnel funnel, InterceptorScope scope) {
        this.interpreterName = interpreterName;
        this.api = interpreter.api;
        this.deferredDecrefs = interpreter.deferredDecrefs;
        this.scope = scope;
        this.operations = new HandleOperations(interpreterName, funnel, interpreter, this);
        this.functionalObjects = new FunctionalObjects(interpreter.callables);
    }

    /** Handles open now (not closed and not yet collected). */
    long liveCount() {
        return live.sum();
    }

    @Override
    public Object handleFor(long borrowed) {
        api.Py_IncRef(borrowed);
        live.increment();
        return new Handle(operations, scope.current(), borrowed, CLEANER, new Release(deferredDecrefs, borrowed, live));
    }

    @Override
    public PythonItems itemsOf(long borrowed, Type itemType) {
        return new PythonItems(new IteratorHandle(operations, (Handle) handleFor(borrowed)), itemType);
    }

    @Override
    public long referenceOf(Object value) {
        if (!(value instanceof Handle handle)) {
            return 0;
        }
        if (handle.operations() != operations) {
            throw new PythonConversionException("This PythonObject belongs to another interpreter, not the "
                    + interpreterName + " one it was passed to: Python objects never cross interpreters; "
                    + "pass its data (converted to a Java value) instead");
        }
        long reference = handle.reference();
        api.Py_IncRef(reference);
        return reference;
    }

    @Override
    public long callableFor(Object value) {
        return functionalObjects.callableFor(value);
    }

    /** Releases the references queued by closed or collected handles. GIL held. */
    void releaseQueued() {
        deferredDecrefs.drain();
    }

    /** The cleaner action: queues the reference; never touches Python, never blocks. */
    private static final class Release implements Runnable {

        private final DeferredDecrefs deferredDecrefs;

        private final long reference;

        private final LongAdder live;

        Release(DeferredDecrefs deferredDecrefs, long reference, LongAdder live) {
            this.deferredDecrefs = deferredDecrefs;
            this.reference = reference;
            this.live = live;
        }

        @Override
        public void run() {
            live.decrement();
            deferredDecrefs.add(reference);
        }
    }
}
