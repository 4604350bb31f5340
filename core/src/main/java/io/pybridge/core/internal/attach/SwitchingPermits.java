package io.pybridge.core.internal.attach;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

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
 * becomes <em>overdue</em>: when its timer fires (only the oldest waiter keeps one), or when a
 * releaser finds the oldest one has waited that long (its timer may fire late on a busy machine,
 * and a waiter that became the oldest while it slept has none): every release that wakes a waiter
 * looks, and of the releases that wake nobody, enough to catch the oldest waiter's due time
 * within about a quarter of its remaining wait at the pace releases come (with the default
 * interval, every release with calls of a millisecond, one in 64 with calls of a microsecond:
 * a look reads the clock). While
 * any waiter is overdue nobody barges: the next permit released goes straight to the oldest
 * waiter, never back to the pool, so the releasing thread (asking again at once) queues behind
 * it. A hand-over answers every claim: with short calls one waiter is handed the permit per
 * interval (each hand-over waits for a thread to wake up); with calls longer than the interval,
 * every release hands over, in arrival order.</li>
 * <li>With {@code fair}, every waiter counts as overdue from the start: strict arrival order.</li>
 * <li>A waiter woken for a free permit that its holder took back first stays the one woken and
 * looks again itself after pauses that double, from 50 µs up to 1 ms: a caller that loops does not
 * pay an unpark (a system call) on every release, and a permit freed for good waits at most one
 * pause.</li>
 * </ul>
 * So a caller waits at most about the switch interval plus, for each caller queued ahead of it
 * (and the one holding), the longer of the switch interval and the longest hold, whatever the
 * others do; and a thread is woken only for a permit that is free, at most one per free permit.
 *
 * <p>Queue and waiter state change under {@link #lock}; the fast paths ({@link #tryAcquire()},
 * {@link #release()} when nobody is overdue) touch only {@link #free}, a few volatile reads and,
 * while a woken waiter pauses, a countdown.
 * A releaser frees its permit, then reads {@link #queued}; a waiter counts itself in
 * {@link #queued}, then tries {@link #free}: with volatile (sequentially consistent) accesses one
 * of the two sees the other, so a free permit is never missed: a waiter is woken for it, or the
 * one already woken finds it at its next look, within a pause.
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

    /** {@code queue.peekFirst()}, readable without the lock (written under it). */
    private volatile @Nullable Waiter oldest;

    /** Overdue waiters in the queue: while not 0, releases hand permits over and nobody barges. */
    private volatile int overdue;

    /**
     * When a permit was last handed to a waiter ({@link System#nanoTime()}). A waiter is overdue
     * once it has waited the switch interval since it came or since the last hand-over, whichever
     * is later: as CPython forces a switch only when none happened during a waiter's whole
     * interval, so with many waiters one is handed the permit per interval, not one per call.
     */
    private volatile long lastHandOver = System.nanoTime();

    /**
     * The first pause of a woken waiter that found the permit taken again (about the time a
     * parked thread takes to wake up here): it then doubles, up to {@link #longestPause}.
     */
    private static final long FIRST_PAUSE_NANOS = 50_000;

    /** The longest pause between a woken waiter's looks: how long a permit freed for good may stay free. */
    private final long longestPause;

    /**
     * Waiters woken for a free permit and not yet out of the queue (running, or pausing between
     * looks while the permit's holders take it back): no more are woken than permits are free.
     * A waiter handed a permit stops counting at the hand-over.
     */
    private final AtomicInteger pendingWakes = new AtomicInteger();

    /** The most releases that wake nobody between two looks at the oldest waiter's age. */
    private static final int MOST_RELEASES_BETWEEN_AGE_CHECKS = 64;

    /**
     * Releases that wake nobody (a woken waiter is pausing) left before one looks at the oldest
     * waiter's age. Decremented without the lock, as a plain field: with several permits a
     * releaser may write back a stale count, which delays a look by at most the span it read
     * ({@link #MOST_RELEASES_BETWEEN_AGE_CHECKS}); every value is at most that, and one at or
     * below 0 makes the next release look and set it again. The woken waiter's own looks (at most
     * a millisecond apart) check the oldest waiter's age meanwhile.
     */
    private int releasesUntilAgeCheck = 1;

    /** The span {@link #releasesUntilAgeCheck} was last set to; under the lock. */
    private int releasesBetweenAgeChecks = 1;

    /**
     * Nanoseconds between releases, smoothed over the looks (each look weighs a quarter); starts
     * at the switch interval, as slow as matters; under the lock.
     */
    private long releasePace;

    /** When a release last looked at the oldest waiter's age ({@link System#nanoTime()}); under the lock. */
    private long lastAgeCheck = System.nanoTime();

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
        this.longestPause = Math.min(switchIntervalNanos, 1_000_000);
        this.releasePace = switchIntervalNanos;
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
        long pause = 0;
        while (true) {
            if (waiter.granted) {
                // Out of the queue since the hand-over: no wake can be given to it any more.
                clearWake(waiter);
                return true;
            }
            // Anyone queued may take a permit that is free: releases free none while someone is
            // overdue (they hand over), so only a permit nobody came back for is left here (or,
            // rarely, one freed just before the oldest waiter was found overdue).
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
            // Durations, not instants: a timeout near Long.MAX_VALUE makes the deadline wrap, and
            // a minimum of instants would then pick the wrapped one and park without end.
            long parkFor = deadline - now;
            if (!waiter.overdue && waiter == oldest) {
                // Only the oldest waiter keeps a timer for its claim (a hand-over goes to it
                // anyway): timers of all waiters would fire together after each hand-over, a
                // herd of wake-ups competing with the holder for the CPU. A waiter that becomes
                // the oldest while it sleeps is looked at by releases, as a late timer is.
                parkFor = Math.min(parkFor, switchIntervalNanos - (now - waitingSince));
            }
            if (waiter.woken) {
                // Woken for a free permit that its holder took back first (it asked again at
                // once). It stays the waiter woken, so releases wake nobody (an unpark is a system
                // call, and on a virtual machine an interrupt to the other core: on every release
                // of a caller that loops, it cost a quarter of the calls), and looks again itself
                // after a pause that doubles while it keeps finding the permit taken, up to a
                // millisecond (or the switch interval, if shorter). A permit freed for good waits
                // at most that pause.
                pause = Math.min(pause == 0 ? FIRST_PAUSE_NANOS : pause * 2, longestPause);
                parkFor = Math.min(parkFor, pause);
                markHeadIfOverdue(now);
                if (waiter.granted) {
                    // Handed the permit while it waited for the lock there: that wait may have
                    // taken the hand-over's unpark.
                    continue;
                }
            }
            LockSupport.parkNanos(this, parkFor);
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
        // waiters are woken than permits are free (one woken may not have run yet, or may be
        // pausing between looks: it takes this permit at its next look).
        if (queued != 0) {
            if (pendingWakes.get() < free.get()) {
                wakeOrHandOver();
            }
            else if (--releasesUntilAgeCheck <= 0) {
                // The waiter woken is pausing, so this release wakes nobody; but the oldest
                // waiter's own timer may fire late on a busy machine, so now and then a release
                // looks at its age as a wake would.
                handOverIfHeadDue();
            }
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
            oldest = queue.peekFirst();
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
     * not already woken, if fewer are woken than permits are free.
     */
    private void wakeOrHandOver() {
        lock.lock();
        try {
            Waiter head = queue.peekFirst();
            if (head == null || handedToHeadIfDue(head)) {
                return;
            }
            if (pendingWakes.get() < free.get()) {
                wakeOneNotWoken();
            }
        }
        finally {
            lock.unlock();
        }
    }

    /** Under the lock: wakes the oldest waiter not already woken, if any, for a free permit. */
    private void wakeOneNotWoken() {
        for (Waiter waiter : queue) {
            if (!waiter.woken) {
                waiter.woken = true;
                pendingWakes.incrementAndGet();
                LockSupport.unpark(waiter.thread);
                return;
            }
        }
    }

    /** The age check of a release that wakes nobody (see {@link #releasesUntilAgeCheck}). */
    private void handOverIfHeadDue() {
        lock.lock();
        try {
            Waiter head = queue.peekFirst();
            if (head == null) {
                releasesUntilAgeCheck = 1;
                return;
            }
            handedToHeadIfDue(head);
        }
        finally {
            lock.unlock();
        }
    }

    /**
     * Under the lock, after a release freed a permit: hands it to {@code head} (the oldest waiter)
     * if it has waited the switch interval (it may not have woken yet to say so: under load its
     * timer fires late), and plans when a release that wakes nobody looks next. Reads the clock.
     *
     * @return whether the head's wait was over (then it holds the permit, unless somebody barged
     * in first and took it: the head then gets a later one)
     */
    private boolean handedToHeadIfDue(Waiter head) {
        long now = System.nanoTime();
        long due = dueAt(head);
        boolean isDue = now - due >= 0;
        if (isDue && takeFree()) {
            queue.pollFirst();
            grant(head);
            due = lastHandOver + switchIntervalNanos;
        }
        else if (isDue) {
            // Somebody barged in first: the head is overdue, so the next release hands over.
            claimOverdue(head);
        }
        planAgeCheck(now, due);
        return isDue;
    }

    /**
     * Under the lock: how many releases that wake nobody pass before one looks at the oldest
     * waiter's age again: a quarter of the releases expected before it is due, at the pace of
     * {@link #releasePace}, between 1 and {@link #MOST_RELEASES_BETWEEN_AGE_CHECKS}, and at most
     * twice the span before. With calls of a millisecond every release looks (as every release
     * would wake), with calls of a microsecond one in 64 does, so a caller that loops pays a clock
     * read on few of its calls. Measured under load, skipping looks on the strength of one short
     * gap (two holders releasing together) let a late timer cost waiters twice the overtakes;
     * hence the smoothed pace and the slow growth. A pause errs early (a stale last look makes
     * releases look slow).
     */
    private void planAgeCheck(long now, long due) {
        long sinceLast = Math.max(0, now - lastAgeCheck);
        // The releases since the last look: fewer than planned when a wake looked first.
        int counted = Math.max(1, Math.min(releasesBetweenAgeChecks, releasesBetweenAgeChecks - releasesUntilAgeCheck));
        releasePace += (sinceLast / counted - releasePace) / 4;
        long releasesLeft = Math.max(0, due - now) / Math.max(1, releasePace) / 4;
        long most = Math.min(MOST_RELEASES_BETWEEN_AGE_CHECKS, 2L * releasesBetweenAgeChecks);
        releasesBetweenAgeChecks = (int) Math.max(1, Math.min(most, releasesLeft));
        releasesUntilAgeCheck = releasesBetweenAgeChecks;
        lastAgeCheck = now;
    }

    /**
     * Under the lock: {@code head}, already out of the queue, holds a permit now. The hand-over
     * answers every waiter's claim to be overdue (unless fair, where every waiter always is): each
     * must wait another switch interval without a hand-over to claim again, so a thread that calls
     * in a loop runs on between hand-overs instead of waiting for a wake-up on every call.
     */
    private void grant(Waiter head) {
        boolean wasWoken = head.woken;
        if (wasWoken) {
            // It no longer looks for free permits: the next release may wake another waiter.
            // Cleared before granted is set: the waiter reads granted, then woken (clearWake),
            // so it never counts this wake out a second time.
            head.woken = false;
            pendingWakes.decrementAndGet();
        }
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
        if (wasWoken && pendingWakes.get() < free.get()) {
            // A release meanwhile may have woken nobody because it counted this waiter as the
            // one looking for the permit it left free: another waiter looks for it now.
            wakeOneNotWoken();
        }
    }

    /**
     * For the woken waiter, between looks: marks the oldest waiter overdue if it has waited the
     * switch interval and its own timer has not fired yet (it may fire late on a busy machine),
     * as a releaser would if it were waking somebody.
     */
    private void markHeadIfOverdue(long now) {
        if (overdue != 0 || fair) {
            return;
        }
        lock.lock();
        try {
            Waiter head = queue.peekFirst();
            if (head != null && now - dueAt(head) >= 0) {
                claimOverdue(head);
            }
        }
        finally {
            lock.unlock();
        }
    }

    /**
     * When {@code waiter} becomes overdue ({@link System#nanoTime()}): a switch interval after it
     * came or after the last hand-over, whichever is later.
     */
    private long dueAt(Waiter waiter) {
        return Math.max(waiter.since, lastHandOver) + switchIntervalNanos;
    }

    /** Under the lock: {@code waiter}, still queued, is overdue (once). */
    private void claimOverdue(Waiter waiter) {
        if (!waiter.overdue) {
            waiter.overdue = true;
            overdue++;
        }
    }

    private void markOverdue(Waiter waiter) {
        lock.lock();
        try {
            // Checked again here: a hand-over since the waiter looked answered its claim.
            if (!waiter.granted && System.nanoTime() - dueAt(waiter) >= 0) {
                claimOverdue(waiter);
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
        Waiter next = queue.peekFirst();
        if (next != null && next != oldest) {
            // The new oldest waiter may sleep without a timer for its claim: it sets one now.
            LockSupport.unpark(next.thread);
        }
        oldest = next;
    }

    /**
     * The waiter leaves the queue (with a permit or without): if it was the one woken, it no longer
     * looks for free permits. A release meanwhile may have woken nobody because it counted this
     * waiter (with several permits, another holder's release): it decrements, then reads the
     * queue and the free permits, as a releaser frees, then reads; so one of the two sees the
     * other, and a permit freed in between gets a waiter woken for it.
     */
    private void clearWake(Waiter waiter) {
        if (waiter.woken) {
            waiter.woken = false;
            pendingWakes.decrementAndGet();
            if (queued != 0 && pendingWakes.get() < free.get()) {
                wakeOrHandOver();
            }
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

        /**
         * Woken for a free permit, and looking for one until it leaves the queue; set under the
         * lock, cleared by a hand-over (under the lock) or by the waiter as it leaves.
         */
        volatile boolean woken;

        Waiter(Thread thread, long since, boolean overdue) {
            this.thread = thread;
            this.since = since;
            this.overdue = overdue;
        }
    }
}
