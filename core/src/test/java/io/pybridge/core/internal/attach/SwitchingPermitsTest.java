package io.pybridge.core.internal.attach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The permits' policy without an interpreter: barging while nobody is overdue, hand-over to the
 * oldest waiter once somebody is, strict order when fair, and no caller starving behind callers
 * that ask again at once. Progress is asserted in calls and overtakes, never in wall-clock time.
 */
class SwitchingPermitsTest {

    private static final long LONG = TimeUnit.SECONDS.toNanos(60);

    @Test
    void freePermitsAreTakenAtOnceAndCounted() {
        SwitchingPermits permits = new SwitchingPermits(2, TimeUnit.MILLISECONDS.toNanos(5), false);
        assertThat(permits.tryAcquire()).isTrue();
        assertThat(permits.tryAcquire()).isTrue();
        assertThat(permits.tryAcquire()).isFalse();
        assertThat(permits.available()).isZero();
        permits.release();
        assertThat(permits.available()).isEqualTo(1);
        permits.release();
        assertThat(permits.available()).isEqualTo(2);
        assertThat(permits.count()).isEqualTo(2);
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new SwitchingPermits(0, 1, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SwitchingPermits(1, 0, false)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @Timeout(120)
    void aReleasingThreadTakesItsPermitBackWhileTheWaiterIsNotOverdue() throws Exception {
        SwitchingPermits permits = new SwitchingPermits(1, LONG, false);
        // Barging is the fast path: nobody has waited the switch interval, so the released permit
        // goes back to the pool, not to the waiter. The waiter is woken for it, though, and on a
        // busy machine may now and then run and take it before this thread asks again: a race it
        // may win fairly. So the round is repeated; a permit handed over instead (the waiter
        // granted it on release) would make every round fail.
        int rounds = 0;
        int barged = 0;
        while (rounds < 100 && barged < 3) {
            rounds++;
            assertThat(permits.tryAcquire()).isTrue();
            AtomicBoolean got = new AtomicBoolean();
            Thread waiter = startWaiter(permits, got);
            awaitTrue(() -> permits.queued() == 1);
            permits.release();
            if (permits.tryAcquire()) {
                barged++;
                permits.release();
            }
            waiter.join(TimeUnit.SECONDS.toMillis(50));
            assertThat(waiter.isAlive()).isFalse();
            assertThat(got).as("the waiter got a permit in the end").isTrue();
            assertThat(permits.available()).as("no permit lost").isEqualTo(1);
        }
        assertThat(barged).as("rounds in which the releasing thread took its permit back, of %d", rounds)
                .isEqualTo(3);
    }

    @Test
    @Timeout(60)
    void aWaiterWokenInVainStillGetsAPermitFreedForGood() throws Exception {
        wokenInVainWaiterGetsAPermitFreedForGood(LONG);
    }

    @Test
    @Timeout(120)
    void soDoesAWaiterWithTheLongestTimeout() throws Exception {
        // Its deadline wraps around: its pause must still end (it once parked without end).
        SwitchingPermits permits = new SwitchingPermits(1, LONG, false);
        int rounds = 0;
        int inVain = 0;
        while (rounds < 100 && inVain < 3) {
            rounds++;
            assertThat(permits.tryAcquire()).isTrue();
            AtomicBoolean got = new AtomicBoolean();
            Thread waiter = startWaiter(permits, got, Long.MAX_VALUE);
            awaitTrue(() -> permits.queued() == 1);
            permits.release(); // wakes the waiter
            if (permits.tryAcquire()) {
                // Taken back before the waiter ran (it may win that race fairly): it runs, finds
                // the permit taken and pauses; the release for good wakes nobody.
                inVain++;
                Thread.sleep(5);
                permits.release();
            }
            waiter.join(TimeUnit.SECONDS.toMillis(20));
            assertThat(waiter.isAlive()).as("the waiter still waits with the permit free").isFalse();
            assertThat(got).isTrue();
            assertThat(permits.available()).isEqualTo(1);
        }
        assertThat(inVain).as("rounds in which the waiter was woken in vain, of %d", rounds).isEqualTo(3);
    }

    private static void wokenInVainWaiterGetsAPermitFreedForGood(long timeoutNanos) throws Exception {
        // Nobody becomes overdue in a minute: only the woken waiter's own looks can find the permit.
        SwitchingPermits permits = new SwitchingPermits(1, LONG, false);
        assertThat(permits.tryAcquire()).isTrue();
        AtomicBoolean got = new AtomicBoolean();
        Thread waiter = startWaiter(permits, got, timeoutNanos);
        awaitTrue(() -> permits.queued() == 1);
        // The holder gives the permit back and takes it again at once for a while: the waiter is
        // woken, mostly finds it taken, and pauses longer and longer between looks.
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
        boolean holding = true;
        while (System.nanoTime() < until) {
            permits.release();
            holding = permits.tryAcquire();
            if (!holding) {
                break; // the waiter took it between the two
            }
        }
        if (holding) {
            permits.release(); // for good: nobody asks again
        }
        waiter.join(TimeUnit.SECONDS.toMillis(50));
        assertThat(got).as("the waiter got the permit freed for good").isTrue();
        assertThat(permits.available()).isEqualTo(1);
    }

    @Test
    @Timeout(60)
    void anOverdueWaiterGetsTheNextPermitAndTheReleaserQueuesBehindIt() throws Exception {
        SwitchingPermits permits = new SwitchingPermits(1, TimeUnit.MILLISECONDS.toNanos(1), false);
        assertThat(permits.tryAcquire()).isTrue();
        AtomicBoolean got = new AtomicBoolean();
        CountDownLatch letGo = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            try {
                got.set(permits.tryAcquire(LONG));
                letGo.await();
                permits.release();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        awaitTrue(() -> permits.queued() == 1);
        Thread.sleep(20); // well past the 1 ms switch interval
        permits.release();
        assertThat(permits.tryAcquire()).as("the permit went to the overdue waiter, not back to the pool").isFalse();
        awaitTrue(got::get);
        letGo.countDown();
        waiter.join(TimeUnit.SECONDS.toMillis(50));
        assertThat(permits.available()).isEqualTo(1);
    }

    @Test
    @Timeout(60)
    void fairPermitsGoInArrivalOrder() throws Exception {
        SwitchingPermits permits = new SwitchingPermits(1, LONG, true);
        assertThat(permits.tryAcquire()).isTrue();
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        // Each waiter holds its permit until the check below is done, so the queue cannot drain first.
        CountDownLatch checked = new CountDownLatch(1);
        List<Thread> waiters = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int number = i;
            Thread waiter = new Thread(() -> {
                try {
                    if (permits.tryAcquire(LONG)) {
                        order.add(number);
                        checked.await();
                        permits.release();
                    }
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            });
            waiter.start();
            int queued = i + 1;
            awaitTrue(() -> permits.queued() == queued);
            waiters.add(waiter);
        }
        permits.release();
        assertThat(permits.tryAcquire()).as("no barging ahead of a queue when fair").isFalse();
        checked.countDown();
        for (Thread waiter : waiters) {
            waiter.join(TimeUnit.SECONDS.toMillis(50));
        }
        assertThat(order).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    @Timeout(60)
    void aWaiterThatTimesOutLeavesTheQueue() throws Exception {
        SwitchingPermits permits = new SwitchingPermits(1, TimeUnit.MILLISECONDS.toNanos(1), false);
        assertThat(permits.tryAcquire()).isTrue();
        assertThat(permits.tryAcquire(TimeUnit.MILLISECONDS.toNanos(30))).isFalse();
        assertThat(permits.queued()).isZero();
        permits.release();
        assertThat(permits.tryAcquire()).as("nobody overdue is left behind").isTrue();
    }

    @Test
    @Timeout(60)
    void anInterruptedWaiterLeavesTheQueueWithoutAPermit() throws Exception {
        SwitchingPermits permits = new SwitchingPermits(1, TimeUnit.MILLISECONDS.toNanos(1), false);
        assertThat(permits.tryAcquire()).isTrue();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                permits.tryAcquire(LONG);
            }
            catch (InterruptedException ex) {
                thrown.set(ex);
            }
        });
        waiter.start();
        awaitTrue(() -> permits.queued() == 1);
        waiter.interrupt();
        waiter.join(TimeUnit.SECONDS.toMillis(50));
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(permits.queued()).isZero();
        permits.release();
        assertThat(permits.available()).isEqualTo(1);
    }

    @Test
    @Timeout(120)
    void noneOfTwoFourOrEightCallersStarvesBehindOnesThatAskAgainAtOnce() throws Exception {
        for (int callers : new int[] {2, 4, 8}) {
            Contention run = Contention.run(new SwitchingPermits(1, TimeUnit.MILLISECONDS.toNanos(1), false), callers,
                    Duration.ofMillis(800), caller -> 2);
            run.assertEveryCallerProgressed();
            // The waiters ahead (at most callers - 1), plus one permit freed just before the
            // waiter became overdue, plus two for a caller the scheduler keeps off the CPU between
            // counting and joining the queue. Without switching (an interval of an hour) the same
            // loop measured 16-44 for 2-8 callers on a quiet box, 186-235 loaded.
            run.assertOvertakesAtMost(callers + 3);
        }
    }

    @Test
    @Timeout(120)
    void aPoolOfTwoServesSixCallersWithoutStarvingAny() throws Exception {
        Contention run = Contention.run(new SwitchingPermits(2, TimeUnit.MILLISECONDS.toNanos(1), false), 6,
                Duration.ofMillis(800), caller -> 1 + caller % 3);
        run.assertEveryCallerProgressed();
        run.assertOvertakesAtMost(6 + 3);
    }

    @Test
    @Timeout(120)
    void mutualExclusionHoldsAndNoWakeIsLostUnderChurn() throws Exception {
        SwitchingPermits permits = new SwitchingPermits(2, TimeUnit.MICROSECONDS.toNanos(50), false);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger worst = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread thread = new Thread(() -> {
                try {
                    for (int i = 0; i < 20_000; i++) {
                        // A 60 s timeout never ends a wait here unless a wake-up was lost.
                        if (!permits.tryAcquire(LONG)) {
                            throw new AssertionError("no permit within 60 s");
                        }
                        worst.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        inside.decrementAndGet();
                        permits.release();
                    }
                }
                catch (Throwable ex) {
                    failure.compareAndSet(null, ex);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(100));
            assertThat(thread.isAlive()).isFalse();
        }
        assertThat(failure.get()).isNull();
        assertThat(worst.get()).as("never more inside than permits").isLessThanOrEqualTo(2);
        assertThat(permits.available()).isEqualTo(2);
        assertThat(permits.queued()).isZero();
    }

    private static Thread startWaiter(SwitchingPermits permits, AtomicBoolean got) {
        return startWaiter(permits, got, LONG);
    }

    private static Thread startWaiter(SwitchingPermits permits, AtomicBoolean got, long timeoutNanos) {
        Thread waiter = new Thread(() -> {
            try {
                if (permits.tryAcquire(timeoutNanos)) {
                    got.set(true);
                    permits.release();
                }
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        return waiter;
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 30 s");
            }
            Thread.sleep(1);
        }
    }

    /**
     * Callers that loop: take a permit, hold it (sleeping, so a busy machine does not stretch the
     * hold), give it back and ask again at once. An overtake is a permit someone else got between
     * a caller starting to wait and getting its own: the fair measure of a wait, whatever the clock.
     */
    private static final class Contention {

        private final long[] calls;

        private final long[] worstOvertakes;

        private Contention(int callers) {
            this.calls = new long[callers];
            this.worstOvertakes = new long[callers];
        }

        interface HoldMillis {
            int of(int caller);
        }

        static Contention run(SwitchingPermits permits, int callers, Duration duration, HoldMillis hold)
                throws InterruptedException {
            Contention result = new Contention(callers);
            AtomicInteger grants = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                int caller = c;
                Thread thread = new Thread(() -> {
                    try {
                        start.await();
                        while (!stop.get()) {
                            int before = grants.get();
                            if (!permits.tryAcquire(LONG)) {
                                throw new AssertionError("no permit within 60 s");
                            }
                            int overtakes = grants.getAndIncrement() - before;
                            result.worstOvertakes[caller] = Math.max(result.worstOvertakes[caller], overtakes);
                            result.calls[caller]++;
                            try {
                                Thread.sleep(hold.of(caller));
                            }
                            finally {
                                permits.release();
                            }
                        }
                    }
                    catch (Throwable ex) {
                        failure.compareAndSet(null, ex);
                    }
                }, "caller-" + c);
                threads.add(thread);
                thread.start();
            }
            start.countDown();
            Thread.sleep(duration.toMillis());
            stop.set(true);
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(60));
                assertThat(thread.isAlive()).isFalse();
            }
            assertThat(failure.get()).isNull();
            return result;
        }

        void assertEveryCallerProgressed() {
            long total = 0;
            for (long count : calls) {
                total += count;
            }
            for (int caller = 0; caller < calls.length; caller++) {
                assertThat(calls[caller]).as("caller %d of %d made its share of %d calls (calls: %s)", caller,
                        calls.length, total, Arrays.toString(calls)).isGreaterThanOrEqualTo(total / calls.length / 4);
            }
        }

        void assertOvertakesAtMost(long bound) {
            for (int caller = 0; caller < calls.length; caller++) {
                assertThat(worstOvertakes[caller]).as("calls others made while caller %d waited (all: %s)", caller,
                        Arrays.toString(worstOvertakes)).isLessThanOrEqualTo(bound);
            }
        }
    }
}
