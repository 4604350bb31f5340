package io.pybridge.core.internal.interpreter;

import io.pybridge.core.PythonCallDescription;
import io.pybridge.core.PythonCallInterceptor;
import io.pybridge.core.PythonCallback;
import io.pybridge.core.exception.PythonBusyException;
import io.pybridge.core.exception.PythonClosedException;
import io.pybridge.core.internal.attach.Attachment;
import io.pybridge.core.internal.attach.CallToken;
import io.pybridge.core.internal.attach.SwitchingPermits;
import io.pybridge.core.internal.attach.ThreadStates;
import io.pybridge.core.internal.attach.WaitStatistics;
import io.pybridge.core.internal.capi.CApi;
import io.pybridge.core.runtime.PoolSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.jspecify.annotations.Nullable;

/**
 * The own-GIL sub-interpreters calls can be aimed at: each call takes whichever interpreter is
 * free (a permit per interpreter, waiting at most the acquire timeout), so N calls run in
 * parallel on N cores. The permits switch like the gate's ({@link SwitchingPermits}): a caller that
 * has waited the switch interval gets the next interpreter given back, so no caller starves behind
 * callers that call again at once; every wait is recorded ({@link WaitStatistics}). A thread already inside a call of a pooled interpreter (a Java callback
 * that calls the pool again) stays in that interpreter: it holds it, and waiting for another
 * could deadlock once every interpreter's caller does the same.
 */
final class InterpreterPool {

    private final List<InterpreterUnit> members;

    private final CApi api;

    /** One permit per member that is not taken. */
    private final SwitchingPermits free;

    /**
     * Free members, most recently returned first: a caller that calls again soon gets the
     * interpreter it just used, whose objects and thread state are still in its CPU's caches.
     */
    private final ConcurrentLinkedDeque<InterpreterUnit> idle;

    private final long acquireTimeoutNanos;

    private final WaitStatistics waits = new WaitStatistics();

    private volatile boolean closing;

    InterpreterPool(List<InterpreterUnit> members, boolean fair, long switchIntervalNanos, long acquireTimeoutNanos) {
        this.members = List.copyOf(members);
        this.api = members.get(0).interpreter.api;
        this.free = new SwitchingPermits(members.size(), switchIntervalNanos, fair);
        this.idle = new ConcurrentLinkedDeque<>(members);
        this.acquireTimeoutNanos = acquireTimeoutNanos;
    }

    List<InterpreterUnit> members() {
        return members;
    }

    /** Runs {@code action} in a free pooled interpreter, inside {@code interceptor} (null: none). */
    <T> T call(@Nullable PythonCallInterceptor interceptor, PythonCallDescription description, @Nullable CallToken token,
            boolean ownAction, PythonCallback<T> action) {
        if (interceptor == null) {
            return run(null, token, ownAction, action);
        }
        return interceptor.intercept(description, () -> run(interceptor, token, ownAction, action));
    }

    private <T> T run(@Nullable PythonCallInterceptor interceptor, @Nullable CallToken token, boolean ownAction,
            PythonCallback<T> action) {
        for (InterpreterUnit member : members) {
            if (member.funnel.isInside()) {
                return member.funnel.attached(interceptor, token, ownAction, action);
            }
        }
        // A main-interpreter callback calling the pool: the main GIL is not held while it waits.
        @Nullable Attachment held = ThreadStates.releaseHeld(api);
        try {
            InterpreterUnit member = take();
            try {
                return member.funnel.attached(interceptor, token, ownAction, action);
            }
            finally {
                idle.push(member);
                free.release();
            }
        }
        finally {
            ThreadStates.retake(api, held);
        }
    }

    private InterpreterUnit take() {
        if (closing) {
            throw PythonClosedException.shuttingDown();
        }
        if (free.tryAcquire()) {
            waits.recordTake(0, System.nanoTime());
        }
        else {
            long start = System.nanoTime();
            boolean taken;
            try {
                taken = free.tryAcquire(acquireTimeoutNanos);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                taken = false;
            }
            long now = System.nanoTime();
            if (!taken) {
                waits.recordRejection(now - start, now);
                throw new PythonBusyException(Duration.ofNanos(acquireTimeoutNanos), members.size(), free.queued());
            }
            waits.recordTake(now - start, now);
        }
        // A permit guarantees a member in the queue: each release follows the member's return.
        return idle.poll();
    }

    /** Callers waiting for a free pooled interpreter now. */
    int waiting() {
        return free.queued();
    }

    /** The pool's queue: free members, waiting callers, and the waits of those that got one or gave up. */
    PoolSnapshot snapshot(Duration window) {
        return new PoolSnapshot(members.size(), free.available(), free.queued(), waits.takes(), waits.rejections(),
                waits.waitTotalNanos(), waits.summary(window.toNanos()));
    }

    /** Refuses new pooled calls; calls in flight end through their own gates. */
    void close() {
        closing = true;
        members.forEach(member -> member.gate.close());
    }
}
