package io.pybridge.core.internal.attach;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Counting permits that are fast when nobody waits long and fair when somebody does: CPython's
 * answer to the convoy problem of its own GIL (forced switching, 3.2+), applied to the Java permit
 * in front of it.
 *
 * <p>An unfair semaphore lets a thread that releases and at once asks again win its permit back
 * before a parked waiter has even been scheduled: measured with two callers looping a 7 ms call,
 * one made 2,956 calls in 20 s and the other 2, one of them waiting 16.7 s. A fair one hands
 * every permit to the oldest waiter, and every hand-over then waits for a thread to wake up (30%
 * fewer calls at 7 ms, a twelfth of the calls at 0.2 µs). Here:
 * <ul>
 * <li>A free permit goes to whoever asks first, waiters or not ("barging"): no thread is woken
 * for a call that can run at once.</li>
 * <li>A waiter that has waited the switch interval, since it came or since the last hand-over,
 * becomes <em>overdue</em>: when its timer fires, or when a releaser that would wake a waiter
 * finds the oldest one has waited that long (its timer may fire late on a busy machine). While
 * any waiter is overdue nobody barges: the next permit released goes straight to the oldest
 * waiter, never back to the pool, so the releasing thread (asking again at once) queues behind
 * it. A hand-over answers every claim: with short calls one waiter is handed the permit per
 * interval (each hand-over waits for a thread to wake up); with calls longer than the interval,
 * every release hands over, in arrival order.</li>
 * <li>With {@code fair}, every waiter counts as overdue from the start: strict arrival order.</li>
 * </ul>
 * So a caller waits at most about the switch interval plus, for each caller queued ahead of it
 * (and the one holding), the longer of the switch interval and the longest hold, whatever the
 * others do; and a thread is woken only for a permit that is free, at most one per free permit.
 *
 * <p>Queue and waiter state change under {@link #lock}; the fast paths ({@link #tryAcquire()},
 * {@link #release()} when nobody is overdue) touch only {@link #free} and two volatile reads.
 * A releaser frees its permit, then reads {@link #queued}; a waiter counts itself in
 * {@link #queued}, then tries {@link #free}: with volatile (sequentially consistent) accesses one
 * of the two sees the other, so no permit stays free while every waiter sleeps.
 */
public final class SwitchingPermits {

    private final int count;

    /** How long a waiter waits before nobody may barge ahead of it any more. */
    private final long switchIntervalNanos;

    /** Every waiter is overdue at once: strict arrival order ({@code fair-permits}). */
    private final boolean fair;

    /** Permits that nobody holds and that were handed to nobody: any thread may take one. */
    private final AtomicInteger free;

    /** Guards {@link #queue} and the waiters' {@code overdue} and {@code granted} transitions. */
    private final ReentrantLock lock = new ReentrantLock();

    /** Waiters in arrival order. */
    private final ArrayDeque<Waiter> queue = new ArrayDeque<>();

    /** {@code queue.size()}, readable without the lock (written under it). */
    private volatile int queued;

    /** Overdue waiters in the queue: while not 0, releases hand permits over and nobody barges. */
    private volatile int overdue;

    /**
     * When a permit was last handed to a waiter ({@link System#nanoTime()}). A waiter is overdue
     * once it has waited the switch interval since it came or since the last hand-over, whichever
     * is later: as CPython forces a switch only when none happened during a waiter's whole
     * interval, so with many waiters one is handed the permit per interval, not one per call.
     */
    private volatile long lastHandOver = System.nanoTime();

    /** Waiters woken for a free permit and not yet running: no more are woken than permits are free. */
    private final AtomicInteger pendingWakes = new AtomicInteger();

    /**
     * @param count how many permits
     * @param switchIntervalNanos how long a waiter waits before it is overdue (positive)
     * @param fair whether every waiter is overdue at once (arrival order, slower under contention)
     */
    public SwitchingPermits(int count, long switchIntervalNanos, boolean fair) {
        if (count < 1) {
            throw new IllegalArgumentException("at least one permit, was " + count);
        }
        if (switchIntervalNanos <= 0) {
            throw new IllegalArgumentException("the switch interval must be positive, was " + switchIntervalNanos + " ns");
        }
        this.count = count;
        this.switchIntervalNanos = switchIntervalNanos;
        this.fair = fair;
        this.free = new AtomicInteger(count);
    }

    /** Takes a free permit if nobody is overdue (with {@code fair}: if nobody waits); never blocks. */
    public boolean tryAcquire() {
        if (overdue != 0 || (fair && queued != 0)) {
            return false;
        }
        return takeFree();
    }

    /**
     * Takes a permit, waiting at most {@code timeoutNanos}. A permit handed over at the moment the
     * wait ends or is interrupted is kept (the interrupt flag is then set again).
     *
     * @return whether a permit was taken
     * @throws InterruptedException if interrupted while waiting (no permit taken)
     */
    public boolean tryAcquire(long timeoutNanos) throws InterruptedException {
        if (tryAcquire()) {
            return true;
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Waiter waiter = new Waiter(Thread.currentThread(), System.nanoTime(), fair);
        long deadline = waiter.since + timeoutNanos;
        enqueue(waiter);
        while (true) {
            if (waiter.granted) {
                // Out of the queue since the hand-over: no wake can be given to it any more.
                clearWake(waiter);
                return true;
            }
            // Runs now: a wake it was given is used (a releaser may wake another for the next free permit).
            if (waiter.woken) {
                waiter.woken = false;
                pendingWakes.decrementAndGet();
            }
            // Anyone queued may take a permit that is free: releases free none while someone is
            // overdue (they hand over), so only a permit nobody came back for is left here.
            if (takeFree()) {
                leaveWithFreePermit(waiter);
                return true;
            }
            long now = System.nanoTime();
            if (now - deadline >= 0) {
                return giveUp(waiter, false);
            }
            long waitingSince = Math.max(waiter.since, lastHandOver);
            if (!waiter.overdue && now - waitingSince >= switchIntervalNanos) {
                markOverdue(waiter);
                continue;
            }
            long wakeAt = waiter.overdue ? deadline : Math.min(deadline, waitingSince + switchIntervalNanos);
            LockSupport.parkNanos(this, wakeAt - now);
            if (Thread.interrupted()) {
                return giveUp(waiter, true);
            }
        }
    }

    /**
     * Gives a permit back: to the oldest waiter if anyone is overdue, else to whoever takes it
     * first, waking one waiter for it.
     */
    public void release() {
        if (overdue != 0 || (fair && queued != 0)) {
            handOver();
            return;
        }
        free.incrementAndGet();
        // Read after the permit is free: a waiter that counted itself in before this read is
        // woken here; one that counts itself in after it will find the permit free. No more
        // waiters are woken than permits are free (the first one woken may not have run yet).
        if (queued != 0 && pendingWakes.get() < free.get()) {
            wakeOrHandOver();
        }
    }

    /** Permits free right now (none while they are being handed over). */
    public int available() {
        return free.get();
    }

    /** How many permits there are. */
    public int count() {
        return count;
    }

    /** Threads waiting for a permit right now. */
    public int queued() {
        return queued;
    }

    /** The interval after which a waiter is overdue. */
    public long switchIntervalNanos() {
        return switchIntervalNanos;
    }

    private boolean takeFree() {
        int available = free.get();
        while (available > 0) {
            if (free.compareAndSet(available, available - 1)) {
                return true;
            }
            available = free.get();
        }
        return false;
    }

    private void enqueue(Waiter waiter) {
        lock.lock();
        try {
            queue.addLast(waiter);
            if (waiter.overdue) {
                overdue++;
            }
            queued = queue.size();
        }
        finally {
            lock.unlock();
        }
    }

    /** Gives the permit just released to the oldest waiter. */
    private void handOver() {
        lock.lock();
        try {
            Waiter head = queue.pollFirst();
            if (head == null) {
                free.incrementAndGet();
                return;
            }
            grant(head);
        }
        finally {
            lock.unlock();
        }
    }

    /**
     * Hands the permit just freed to the oldest waiter if it has waited the switch interval (it
     * may not have woken yet to say so: under load its timer fires late), else wakes one waiter
     * not already woken, if fewer are woken than permits are free. The clock is read here only,
     * at most once per wake, so a thread calling again and again while others wait pays nothing
     * for it on most releases.
     */
    private void wakeOrHandOver() {
        lock.lock();
        try {
            Waiter head = queue.peekFirst();
            if (head == null) {
                return;
            }
            if (System.nanoTime() - Math.max(head.since, lastHandOver) >= switchIntervalNanos) {
                // Taken back from the pool unless somebody barged in first: then the head gets a later one.
                if (takeFree()) {
                    queue.pollFirst();
                    grant(head);
                }
                return;
            }
            if (pendingWakes.get() >= free.get()) {
                return;
            }
            for (Waiter waiter : queue) {
                if (!waiter.woken) {
                    waiter.woken = true;
                    pendingWakes.incrementAndGet();
                    LockSupport.unpark(waiter.thread);
                    return;
                }
            }
        }
        finally {
            lock.unlock();
        }
    }

    /**
     * Under the lock: {@code head}, already out of the queue, holds a permit now. The hand-over
     * answers every waiter's claim to be overdue (unless fair, where every waiter always is): each
     * must wait another switch interval without a hand-over to claim again, so a thread that calls
     * in a loop runs on between hand-overs instead of waiting for a wake-up on every call.
     */
    private void grant(Waiter head) {
        head.granted = true;
        left(head);
        lastHandOver = System.nanoTime();
        if (!fair && overdue != 0) {
            for (Waiter waiter : queue) {
                waiter.overdue = false;
            }
            overdue = 0;
        }
        LockSupport.unpark(head.thread);
    }

    private void markOverdue(Waiter waiter) {
        lock.lock();
        try {
            // Checked again here: a hand-over since the waiter looked answered its claim.
            boolean stillDue = System.nanoTime() - Math.max(waiter.since, lastHandOver) >= switchIntervalNanos;
            if (!waiter.granted && !waiter.overdue && stillDue) {
                waiter.overdue = true;
                overdue++;
            }
        }
        finally {
            lock.unlock();
        }
    }

    /**
     * The waiter took a free permit itself. A releaser may have handed it one meanwhile (it was the
     * oldest and had just become overdue): then it holds two and gives one back.
     */
    private void leaveWithFreePermit(Waiter waiter) {
        if (leaveQueue(waiter)) {
            release();
        }
    }

    /** Leaves the queue without a permit, unless one was handed over at the last moment. */
    private boolean giveUp(Waiter waiter, boolean interrupted) throws InterruptedException {
        boolean handedOne = leaveQueue(waiter);
        if (!handedOne && queued != 0 && pendingWakes.get() < free.get()) {
            // It may have been woken for a free permit it now leaves: another waiter gets the wake.
            wakeOrHandOver();
        }
        if (interrupted) {
            if (handedOne) {
                Thread.currentThread().interrupt();
                return true;
            }
            throw new InterruptedException();
        }
        return handedOne;
    }

    /**
     * Takes {@code waiter} out of the queue, unless a releaser already did so to hand it a permit;
     * returns whether one was handed to it.
     */
    private boolean leaveQueue(Waiter waiter) {
        boolean handedOne;
        lock.lock();
        try {
            handedOne = waiter.granted;
            if (!handedOne) {
                queue.remove(waiter);
                left(waiter);
            }
        }
        finally {
            lock.unlock();
        }
        clearWake(waiter);
        return handedOne;
    }

    /** Under the lock, after {@code waiter} left the queue. */
    private void left(Waiter waiter) {
        if (waiter.overdue) {
            overdue--;
        }
        queued = queue.size();
    }

    private void clearWake(Waiter waiter) {
        if (waiter.woken) {
            waiter.woken = false;
            pendingWakes.decrementAndGet();
        }
    }

    /** One thread waiting for a permit. */
    private static final class Waiter {

        final Thread thread;

        /** When it started to wait ({@link System#nanoTime()}). */
        final long since;

        /** Nobody barges ahead of it any more; changed under the lock, read by the waiter without it. */
        volatile boolean overdue;

        /** A permit was handed to it; set under the lock, read by the waiter without it. */
        volatile boolean granted;

        /** Woken for a free permit and not yet run; set under the lock, cleared by the waiter. */
        volatile boolean woken;

        Waiter(Thread thread, long since, boolean overdue) {
            this.thread = thread;
            this.since = since;
            this.overdue = overdue;
        }
    }
}
