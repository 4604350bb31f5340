package io.pybridge.core.reliability;

import io.pybridge.core.PythonFuture;
import io.pybridge.core.PythonRuntime;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.SharedRuntime;
import io.pybridge.core.exception.PythonWorkerDiedException;
import io.pybridge.core.runtime.WorkerProcessSnapshot;
import io.pybridge.core.runtime.WorkerProcessesConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Child-JVM main for {@link WorkerFaultsTest}: one scenario (its first argument) against a runtime
 * of its own with worker processes, while other threads make checked calls on the other workers.
 * It checks everything itself and prints {@code FAIL <what>} for each broken expectation, numbers
 * as {@code count <name> <n>}, and {@code done} at the end; a hang shows as the parent's timeout.
 */
public final class WorkerFaultProbe {

    /** Hang guards only: every wait here ends in seconds on a quiet machine. */
    private static final long GUARD_SECONDS = 120;

    private static final List<String> failures = new ArrayList<>();

    private WorkerFaultProbe() {
    }

    public static void main(String[] args) throws Exception {
        String scenario = args[0];
        try {
            switch (scenario) {
                case "segfault" -> crash("segfault", List.of(), died -> signal(died, 11, "SIGSEGV"));
                case "abort" -> crash("abort", List.of(), died -> signal(died, 6, "SIGABRT"));
                case "exit" -> crash("hard_exit", List.of(3), died -> exitCode(died, 3));
                case "kill" -> killedFromOutside();
                case "memory" -> memoryLimit();
                case "recycle" -> recycle();
                case "idle" -> idleKilled();
                case "deaf" -> deafToSigterm();
                case "orphans" -> orphans();
                case "children" -> childrenEndWithTheirWorker();
                case "start" -> startAndClose();
                case "forest" -> forest();
                default -> throw new IllegalArgumentException(scenario);
            }
        }
        catch (Throwable unexpected) {
            unexpected.printStackTrace(System.out);
            check(false, "the scenario threw " + unexpected);
        }
        for (String failure : failures) {
            System.out.println("FAIL " + failure);
        }
        System.out.println("done");
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            synchronized (failures) {
                failures.add(what);
            }
        }
    }

    private static PythonRuntime runtime(WorkerProcessesConfig.Builder processes) {
        return PythonRuntime.start(SharedRuntime.config()
                .processes(processes.acquireTimeout(Duration.ofSeconds(GUARD_SECONDS)).build()).build());
    }

    // -- a crash in the call: the call fails, naming it; everything else is right ----------------

    private interface DiedCheck {
        void verify(PythonWorkerDiedException died);
    }

    private static void signal(PythonWorkerDiedException died, int number, String name) {
        check(died.getSignal() != null && died.getSignal() == number, "signal " + died.getSignal() + " instead of " + number);
        check(died.getMessage().contains(name), "the message does not name " + name + ": " + died.getMessage());
    }

    private static void exitCode(PythonWorkerDiedException died, int code) {
        check(died.getExitCode() != null && died.getExitCode() == code,
                "exit code " + died.getExitCode() + " instead of " + code);
        check(died.getMessage().contains("status " + code), "the message does not name status " + code + ": "
                + died.getMessage());
    }

    private static void crash(String function, List<Object> args, DiedCheck expected) throws Exception {
        try (PythonRuntime runtime = runtime(WorkerProcessesConfig.builder().size(3))) {
            PythonTemplate processes = new PythonTemplate(runtime).inProcesses();
            withTraffic(processes, () -> {
                Throwable thrown = outcome(() -> processes.call("pybridge_process", function, args.toArray()));
                check(thrown instanceof PythonWorkerDiedException, function + " threw " + thrown);
                if (thrown instanceof PythonWorkerDiedException died) {
                    System.out.println("message " + died.getMessage().lines().findFirst().orElse(""));
                    expected.verify(died);
                }
            });
            replacedAndServing(runtime, processes, 1);
        }
    }

    /** The faulty call's failure (null if it returned). */
    private static Throwable outcome(Runnable call) {
        try {
            call.run();
            return null;
        }
        catch (RuntimeException ex) {
            return ex;
        }
    }

    /**
     * Runs {@code fault} while four threads make checked {@code add} calls; then checks that every
     * one of those calls got its answer (none failed, none hung).
     */
    private static void withTraffic(PythonTemplate processes, Runnable fault) throws Exception {
        AtomicBoolean faultDone = new AtomicBoolean();
        AtomicLong right = new AtomicLong();
        AtomicLong wrong = new AtomicLong();
        Map<String, Long> failed = new ConcurrentHashMap<>();
        ExecutorService traffic = Executors.newFixedThreadPool(4);
        List<Future<?>> loops = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            loops.add(traffic.submit(() -> {
                // Until the fault is over, and at least 25 calls each.
                for (int i = 0; i < 25 || !faultDone.get(); i++) {
                    long a = thread * 1_000_000L + i;
                    try {
                        Object sum = processes.call("pybridge_testmod", "add", a, 7);
                        (Long.valueOf(a + 7).equals(sum) ? right : wrong).incrementAndGet();
                    }
                    catch (RuntimeException ex) {
                        failed.merge(ex.getClass().getSimpleName() + ": " + ex.getMessage(), 1L, Long::sum);
                    }
                    if (i > 100_000) {
                        break;
                    }
                }
                return null;
            }));
        }
        try {
            Thread.sleep(200); // the traffic is running when the fault comes
            fault.run();
        }
        finally {
            faultDone.set(true);
        }
        for (Future<?> loop : loops) {
            loop.get(GUARD_SECONDS, TimeUnit.SECONDS);
        }
        traffic.shutdown();
        System.out.println("count right " + right.get());
        System.out.println("count wrong " + wrong.get());
        check(wrong.get() == 0, wrong.get() + " wrong answers");
        check(failed.isEmpty(), "other calls failed: " + failed);
        check(right.get() >= 100, "only " + right.get() + " other calls");
    }

    /** The dead worker was replaced: restarts counted, every place alive again, calls succeed. */
    private static void replacedAndServing(PythonRuntime runtime, PythonTemplate processes, long restarts)
            throws InterruptedException {
        List<WorkerProcessSnapshot> snapshot = awaitAllAlive(runtime);
        long total = snapshot.stream().mapToLong(WorkerProcessSnapshot::restarts).sum();
        System.out.println("count restarts " + total);
        snapshot.stream().filter(worker -> worker.lastEnd() != null)
                .forEach(worker -> System.out.println("last-end " + worker.name() + " " + worker.lastEnd()));
        check(total >= restarts, "restarts " + total + " < " + restarts + ": " + snapshot);
        Set<Object> pids = new HashSet<>();
        for (int i = 0; i < 12; i++) {
            check(Long.valueOf(42).equals(processes.call("pybridge_testmod", "add", 40, 2)), "a later call's answer");
            pids.add(processes.call("pybridge_process", "pid"));
        }
        check(pids.stream().allMatch(pid -> snapshot.stream().anyMatch(worker -> Long.valueOf(worker.pid()).equals(pid))),
                "later calls ran on " + pids + ", not on the snapshot's workers " + snapshot);
    }

    private static List<WorkerProcessSnapshot> awaitAllAlive(PythonRuntime runtime) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GUARD_SECONDS);
        List<WorkerProcessSnapshot> snapshot = runtime.processSnapshot();
        while (!snapshot.stream().allMatch(WorkerProcessSnapshot::alive) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            snapshot = runtime.processSnapshot();
        }
        check(snapshot.stream().allMatch(WorkerProcessSnapshot::alive), "not every worker alive again: " + snapshot);
        return snapshot;
    }

    // -- kills from outside and by pybridge --------------------------------------------------------

    private static void killedFromOutside() throws Exception {
        try (PythonRuntime runtime = runtime(WorkerProcessesConfig.builder().size(3))) {
            PythonTemplate processes = new PythonTemplate(runtime).inProcesses();
            Path announce = Files.createTempDirectory("pybridge-fault").resolve("pid");
            withTraffic(processes, () -> {
                CompletableFuture<Object> napping = CompletableFuture.supplyAsync(
                        () -> processes.call("pybridge_faults", "announce_and_nap", announce.toString(), 60.0));
                long pid = awaitPid(announce);
                check(runtime.processSnapshot().stream().anyMatch(worker -> worker.pid() == pid),
                        "the napping pid " + pid + " is not in the snapshot");
                check(ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly).orElse(false), "could not kill " + pid);
                Throwable thrown = failureOf(napping);
                check(thrown instanceof PythonWorkerDiedException, "the napping call ended with " + thrown);
                if (thrown instanceof PythonWorkerDiedException died) {
                    System.out.println("message " + died.getMessage().lines().findFirst().orElse(""));
                    check(died.getPid() == pid, "died names pid " + died.getPid());
                    signal(died, 9, "SIGKILL");
                }
            });
            replacedAndServing(runtime, processes, 1);
        }
    }

    private static long awaitPid(Path announce) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GUARD_SECONDS);
        while (System.nanoTime() < deadline) {
            try {
                if (Files.exists(announce)) {
                    return Long.parseLong(Files.readString(announce).trim());
                }
                Thread.sleep(20);
            }
            catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        }
        throw new IllegalStateException("no worker announced its pid");
    }

    private static Throwable failureOf(Future<?> future) {
        try {
            Object value = future.get(GUARD_SECONDS, TimeUnit.SECONDS);
            check(false, "expected a failure, got " + value);
            return null;
        }
        catch (java.util.concurrent.ExecutionException ex) {
            return ex.getCause() instanceof java.util.concurrent.CompletionException wrapped ? wrapped.getCause()
                    : ex.getCause();
        }
        catch (Exception ex) {
            return ex;
        }
    }

    private static void memoryLimit() throws Exception {
        try (PythonRuntime runtime = runtime(WorkerProcessesConfig.builder().size(3).memoryLimitBytes(200L << 20))) {
            PythonTemplate processes = new PythonTemplate(runtime).inProcesses();
            withTraffic(processes, () -> {
                Throwable thrown = outcome(() -> processes.call("pybridge_process", "grow", 400));
                check(thrown instanceof PythonWorkerDiedException, "grow threw " + thrown);
                if (thrown instanceof PythonWorkerDiedException died) {
                    System.out.println("message " + died.getMessage().lines().findFirst().orElse(""));
                    check(died.getMessage().contains("200 MiB"), "the message does not name the limit: "
                            + died.getMessage());
                    signal(died, 9, "SIGKILL");
                }
            });
            replacedAndServing(runtime, processes, 1);
        }
    }

    /** Every worker killed while free: the next calls wait for the replacements or retry; none fails. */
    private static void idleKilled() throws Exception {
        try (PythonRuntime runtime = runtime(WorkerProcessesConfig.builder().size(3))) {
            PythonTemplate processes = new PythonTemplate(runtime).inProcesses();
            check(Long.valueOf(5).equals(processes.call("pybridge_testmod", "add", 2, 3)), "a call before the kills");
            List<Long> pids = runtime.processSnapshot().stream().map(WorkerProcessSnapshot::pid).toList();
            for (long pid : pids) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            for (long pid : pids) {
                check(awaitGone(pid), "worker " + pid + " survived SIGKILL");
            }
            AtomicLong right = new AtomicLong();
            Map<String, Long> failed = new ConcurrentHashMap<>();
            ExecutorService threads = Executors.newFixedThreadPool(4);
            List<Future<?>> loops = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                loops.add(threads.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        try {
                            if (Long.valueOf(i + 1).equals(processes.call("pybridge_testmod", "add", i, 1))) {
                                right.incrementAndGet();
                            }
                        }
                        catch (RuntimeException ex) {
                            failed.merge(ex.getClass().getSimpleName() + ": " + ex.getMessage(), 1L, Long::sum);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> loop : loops) {
                loop.get(GUARD_SECONDS, TimeUnit.SECONDS);
            }
            threads.shutdown();
            System.out.println("count right " + right.get());
            check(failed.isEmpty(), "calls failed after idle workers were killed: " + failed);
            check(right.get() == 100, right.get() + " right answers of 100");
            replacedAndServing(runtime, processes, 3);
        }
    }

    private static void recycle() throws Exception {
        try (PythonRuntime runtime = runtime(WorkerProcessesConfig.builder().size(2).recycleAfterCalls(5))) {
            PythonTemplate processes = new PythonTemplate(runtime).inProcesses();
            Set<Long> pids = ConcurrentHashMap.newKeySet();
            AtomicLong failed = new AtomicLong();
            ExecutorService threads = Executors.newFixedThreadPool(4);
            List<Future<?>> loops = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                loops.add(threads.submit(() -> {
                    for (int i = 0; i < 15; i++) {
                        try {
                            pids.add((Long) processes.call("pybridge_process", "pid"));
                        }
                        catch (RuntimeException ex) {
                            ex.printStackTrace(System.out);
                            failed.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> loop : loops) {
                loop.get(GUARD_SECONDS, TimeUnit.SECONDS);
            }
            threads.shutdown();
            List<WorkerProcessSnapshot> snapshot = awaitAllAlive(runtime);
            long restarts = snapshot.stream().mapToLong(WorkerProcessSnapshot::restarts).sum();
            System.out.println("count pids " + pids.size());
            System.out.println("count restarts " + restarts);
            // 60 calls, 5 per process: 12 processes, give or take the two running at the end.
            check(failed.get() == 0, failed.get() + " calls failed");
            check(pids.size() >= 10, "only " + pids.size() + " processes ran 60 calls");
            check(restarts >= 10, "only " + restarts + " restarts");
            check(snapshot.stream().allMatch(worker -> "exited with status 0".equals(worker.lastEnd())),
                    "a recycled worker did not end cleanly: " + snapshot);
        }
    }

    private static void deafToSigterm() throws Exception {
        try (PythonRuntime runtime = runtime(WorkerProcessesConfig.builder().size(3)
                .stopGracePeriod(Duration.ofSeconds(2)))) {
            PythonTemplate processes = new PythonTemplate(runtime).inProcesses();
            Path announce = Files.createTempDirectory("pybridge-fault").resolve("pid");
            withTraffic(processes, () -> {
                AtomicReference<Throwable> seenInside = new AtomicReference<>();
                ExecutorService thread = Executors.newSingleThreadExecutor();
                PythonFuture<Object> deaf = processes.submit(session -> {
                    try {
                        return session.call("pybridge_faults", "deaf_spin", announce.toString(), 120.0);
                    }
                    catch (RuntimeException ex) {
                        seenInside.set(ex);
                        throw ex;
                    }
                }, thread);
                long pid = awaitPid(announce);
                CompletableFuture<Void> finished = new CompletableFuture<>();
                deaf.whenFinished(() -> finished.complete(null));
                long cancelled = System.nanoTime();
                deaf.cancel(true);
                Throwable thrown = outcome(() -> deaf.join());
                check(thrown instanceof CancellationException, "the cancelled future threw " + thrown);
                try {
                    finished.get(GUARD_SECONDS, TimeUnit.SECONDS);
                }
                catch (Exception ex) {
                    check(false, "the cancelled call's thread never finished: " + ex);
                }
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cancelled);
                System.out.println("count finished-millis " + millis);
                check(millis >= 1500, "the call ended " + millis + " ms after the cancel, before the grace period");
                check(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) == false
                        || awaitGone(pid), "the deaf worker " + pid + " still runs");
                Throwable inside = seenInside.get();
                check(inside instanceof PythonWorkerDiedException, "the call inside saw " + inside);
                if (inside != null) {
                    System.out.println("message " + inside.getMessage().lines().findFirst().orElse(""));
                    check(inside.getMessage().contains("did not stop within"), "the message does not say why: "
                            + inside.getMessage());
                }
                thread.shutdown();
            });
            replacedAndServing(runtime, processes, 1);
        }
    }

    /**
     * Whether {@code pid} has ended but not been reaped: a killed worker's child goes to the
     * container's first process, which may never reap it.
     */
    private static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // pid (comm) state ...: the state follows the last ')' (comm may hold any character).
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        }
        catch (IOException | RuntimeException gone) {
            return false;
        }
    }

    private static boolean awaitGone(long pid) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GUARD_SECONDS);
        while (System.nanoTime() < deadline) {
            if (ProcessHandle.of(pid).map(handle -> !handle.isAlive()).orElse(true) || zombie(pid)) {
                return true;
            }
            try {
                Thread.sleep(50);
            }
            catch (InterruptedException ex) {
                return false;
            }
        }
        return false;
    }

    /**
     * Processes a worker's Python started end with the worker: when it is killed from outside (as
     * by a crash, which does not end them), and when the runtime closes.
     */
    private static void childrenEndWithTheirWorker() throws Exception {
        PythonRuntime runtime = runtime(WorkerProcessesConfig.builder().size(1));
        PythonTemplate processes = new PythonTemplate(runtime).inProcesses();
        long worker = runtime.processSnapshot().get(0).pid();
        long child = (Long) processes.call("pybridge_faults", "start_child");
        check(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "the child " + child + " runs");
        ProcessHandle.of(worker).ifPresent(ProcessHandle::destroyForcibly);
        check(awaitGone(worker), "worker " + worker + " survived SIGKILL");
        check(awaitGone(child), "the child " + child + " of a killed worker survived it");
        awaitAllAlive(runtime);
        long second = (Long) processes.call("pybridge_faults", "start_child");
        runtime.close();
        check(awaitGone(second), "the child " + second + " of a worker survived the runtime's close");
        System.out.println("children ended " + child + " " + second);
    }

    // -- the JVM's end, the channel --------------------------------------------------------------

    /** Prints its workers' pids, folder and descriptors, then waits to be killed (kill -9 by the test). */
    private static void orphans() throws Exception {
        PythonRuntime runtime = runtime(WorkerProcessesConfig.builder().size(2));
        PythonTemplate processes = new PythonTemplate(runtime).inProcesses();
        check(Long.valueOf(5).equals(processes.call("pybridge_testmod", "add", 2, 3)), "a call before the kill");
        for (WorkerProcessSnapshot worker : runtime.processSnapshot()) {
            System.out.println("worker-pid " + worker.pid());
        }
        // Each worker's descriptors as the worker itself sees them (twice, to reach both).
        for (int i = 0; i < 2; i++) {
            for (Object fd : (List<?>) processes.call("pybridge_faults", "fd_kinds")) {
                System.out.println("worker-fd " + fd);
            }
        }
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(TimeUnit.SECONDS.toMillis(GUARD_SECONDS * 5));
    }

    /** Starts a runtime and closes it: a worker idle at close ends cleanly (its atexit handlers run). */
    private static void startAndClose() throws Exception {
        Path marker = Files.createTempDirectory("pybridge-fault").resolve("ended");
        long pid;
        try (PythonRuntime runtime = runtime(WorkerProcessesConfig.builder().size(1))) {
            PythonTemplate processes = new PythonTemplate(runtime).inProcesses();
            check(Long.valueOf(5).equals(processes.call("pybridge_testmod", "add", 2, 3)), "a call");
            pid = (Long) processes.call("pybridge_faults", "mark_exit", marker.toString());
        }
        check(awaitGone(pid), "the worker " + pid + " outlived close()");
        check(Files.exists(marker), "the idle worker did not end cleanly at close (killed?): no atexit");
    }

    // -- scikit-learn under load -------------------------------------------------------------------

    private static void forest() throws Exception {
        int predictions = 6000;
        try (PythonRuntime runtime = runtime(WorkerProcessesConfig.builder().size(3))) {
            PythonTemplate processes = new PythonTemplate(runtime).inProcesses();
            List<?> rows = (List<?>) processes.call("pybridge_forest", "rows", 200);
            List<Object> expected = new ArrayList<>();
            for (Object row : rows) {
                expected.add(processes.call("pybridge_forest", "predict", row));
            }
            System.out.println("count labels " + new HashSet<>(expected).size());
            ExecutorService platform = Executors.newFixedThreadPool(8);
            ExecutorService virtual = virtualThreads();
            System.out.println("virtual-threads " + (virtual != null));
            AtomicLong right = new AtomicLong();
            AtomicLong wrong = new AtomicLong();
            AtomicLong done = new AtomicLong();
            Map<Long, Long> diedOnPid = new ConcurrentHashMap<>();
            Map<String, Long> otherFailures = new ConcurrentHashMap<>();
            AtomicLong next = new AtomicLong();
            Supplier<Runnable> task = () -> () -> {
                for (long i = next.getAndIncrement(); i < predictions; i = next.getAndIncrement()) {
                    int index = (int) (i % rows.size());
                    try {
                        Object label = processes.call("pybridge_forest", "predict", rows.get(index));
                        (expected.get(index).equals(label) ? right : wrong).incrementAndGet();
                    }
                    catch (PythonWorkerDiedException died) {
                        diedOnPid.merge(died.getPid(), 1L, Long::sum);
                    }
                    catch (RuntimeException ex) {
                        otherFailures.merge(ex.toString(), 1L, Long::sum);
                    }
                    done.incrementAndGet();
                }
            };
            List<Future<?>> all = new ArrayList<>();
            long started = System.nanoTime();
            for (int t = 0; t < 8; t++) {
                all.add(platform.submit(task.get()));
            }
            if (virtual != null) {
                for (int t = 0; t < 200; t++) {
                    all.add(virtual.submit(task.get()));
                }
            }
            // Mid-run: kill a worker that is running a call.
            while (done.get() < predictions / 3) {
                Thread.sleep(5);
            }
            long killed = -1;
            for (int attempt = 0; attempt < 200 && killed < 0; attempt++) {
                for (WorkerProcessSnapshot worker : runtime.processSnapshot()) {
                    if (worker.inFlight() == 1 && worker.alive()) {
                        killed = worker.pid();
                        break;
                    }
                }
            }
            if (killed < 0) {
                killed = runtime.processSnapshot().get(0).pid();
            }
            long victim = killed;
            System.out.println("killed-at " + done.get());
            ProcessHandle.of(victim).ifPresent(ProcessHandle::destroyForcibly);
            for (Future<?> future : all) {
                future.get(GUARD_SECONDS * 5, TimeUnit.SECONDS);
            }
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
            platform.shutdown();
            if (virtual != null) {
                virtual.shutdown();
            }
            long died = diedOnPid.values().stream().mapToLong(Long::longValue).sum();
            System.out.println("count predictions " + done.get());
            System.out.println("count right " + right.get());
            System.out.println("count wrong " + wrong.get());
            System.out.println("count died " + died);
            System.out.println("count seconds " + seconds);
            check(done.get() == predictions, done.get() + " predictions made");
            check(wrong.get() == 0, wrong.get() + " wrong answers");
            check(otherFailures.isEmpty(), "failures other than a dead worker: " + otherFailures);
            check(diedOnPid.keySet().stream().allMatch(pid -> pid == victim),
                    "calls failed on workers not killed (" + victim + "): " + diedOnPid);
            check(right.get() + died == predictions, "calls unaccounted for");
            replacedAndServing(runtime, processes, 1);
        }
    }

    /** Executors.newVirtualThreadPerTaskExecutor() on JDK 21+, else null. */
    private static ExecutorService virtualThreads() {
        try {
            return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        }
        catch (NoSuchMethodException ex) {
            return null;
        }
        catch (ReflectiveOperationException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
