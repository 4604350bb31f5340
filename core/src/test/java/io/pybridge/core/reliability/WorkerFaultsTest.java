package io.pybridge.core.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pybridge.core.CPythonTest;
import io.pybridge.core.matrix.MatrixRuns;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Worker processes under faults, each case in a child JVM ({@link WorkerFaultProbe}) so a native
 * crash cannot take the suite with it: a worker that segfaults, aborts, exits, is killed from
 * outside, passes the memory limit or ignores a cancel fails only its own call, with an exception
 * naming the signal or status, while other threads' calls all get their right answers, and it is
 * replaced. Also: recycling, processes a worker started ending with it, no orphans after
 * {@code kill -9} of the JVM, a private channel, and
 * scikit-learn's random forest under load from 208 threads with a worker killed mid-run.
 */
@CPythonTest
class WorkerFaultsTest {

    /**
     * The cases that test the Java side's bookkeeping (or a fixed Python: Debian's, for the
     * forest) run on the default interpreter only, not again in the interpreter matrix: an abort,
     * a hard exit, a kill and a grace-period kill end the process the same way whatever its
     * Python; the segfault, whose fault handler's dump is the Python's, runs on every Python.
     */
    private static final String JAVA_SIDE = "default-interpreter";

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void segfaultFailsOnlyItsCallNamingSigsegv() throws Exception {
        probe("segfault");
    }

    @Test
    @Tag(JAVA_SIDE)
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void abortFailsOnlyItsCallNamingSigabrt() throws Exception {
        probe("abort");
    }

    @Test
    @Tag(JAVA_SIDE)
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void hardExitFailsOnlyItsCallNamingTheStatus() throws Exception {
        probe("exit");
    }

    @Test
    @Tag(JAVA_SIDE)
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void killFromOutsideFailsOnlyItsCallNamingSigkill() throws Exception {
        probe("kill");
    }

    @Test
    @Tag(JAVA_SIDE)
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void memoryLimitKillsTheGrowingWorkerOnly() throws Exception {
        probe("memory");
    }

    @Test
    @Tag(JAVA_SIDE)
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void workersKilledWhileFreeFailNoCall() throws Exception {
        probe("idle");
    }

    @Test
    @Tag(JAVA_SIDE)
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void processesAWorkerStartedEndWithIt() throws Exception {
        probe("children");
    }

    @Test
    @Tag(JAVA_SIDE)
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void recyclingReplacesWorkersWithoutFailingACall() throws Exception {
        probe("recycle");
    }

    @Test
    @Tag(JAVA_SIDE)
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aCallBlockingSigtermIsKilledAfterTheGracePeriod() throws Exception {
        probe("deaf");
    }

    @Test
    @Tag(JAVA_SIDE)
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void randomForestThrough208ThreadsWithAWorkerKilled() throws Exception {
        Path debian = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(debian) && imports(debian, "sklearn"),
                "Debian's python3 with scikit-learn (apt-get install python3-sklearn) is not installed");
        // On a JDK 21+ (the newest found beside this one, when this is 17), for the virtual threads.
        List<MatrixRuns.Jdk> jdks = MatrixRuns.jdks();
        ChildJvm.Result child = ChildJvm.run(jdks.get(jdks.size() - 1), WorkerFaultProbe.class,
                List.of("-Dpybridge.test.python=" + debian), Map.of(), "forest");
        System.out.println("[forest] " + String.join(", ", child.lines("count ")) + "; virtual threads "
                + child.lines("virtual-threads ") + " on JDK " + jdks.get(jdks.size() - 1).feature());
        assertPassed(child);
        assertThat(child.lines("count predictions ")).containsExactly("6000");
        assertThat(child.lines("count wrong ")).containsExactly("0");
    }

    /**
     * kill -9 of the JVM takes its workers with it (PR_SET_PDEATHSIG); the channel has no socket
     * and the shared-memory folder is the user's alone; the next runtime removes the dead JVM's folder.
     */
    @Test
    @Tag(JAVA_SIDE)
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void workersDieWithAKilledJvmAndTheChannelIsPrivate() throws Exception {
        Process child = ChildJvm.start(WorkerFaultProbe.class, List.of(), "orphans");
        List<String> output = new ArrayList<>();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null && !line.equals("ready"); line = lines.readLine()) {
                output.add(line);
            }
            String told = String.join("\n", output);
            List<Long> pids = output.stream().filter(line -> line.startsWith("worker-pid "))
                    .map(line -> Long.parseLong(line.substring(11))).toList();
            assertThat(pids).as(told).hasSize(2).allMatch(pid -> ProcessHandle.of(pid).isPresent());
            assertThat(output).as(told).noneMatch(line -> line.startsWith("FAIL "));

            // No socket at all among the workers' descriptors: the channel is their stdin/stdout pipes.
            List<String> descriptors = output.stream().filter(line -> line.startsWith("worker-fd ")).toList();
            assertThat(descriptors).as(told).isNotEmpty().noneMatch(line -> line.contains("socket:"));
            assertThat(descriptors).anyMatch(line -> line.contains("pipe:"));
            for (long pid : pids) {
                for (String link : descriptorsOf(pid)) {
                    assertThat(link).as("pid " + pid).doesNotStartWith("socket:");
                }
            }
            // The shared-memory folder: the JVM's user's own, mode 0700.
            List<Path> folders = foldersOf(child.pid());
            assertThat(folders).as("/dev/shm/pybridge-" + child.pid() + "-*").isNotEmpty();
            for (Path folder : folders) {
                PosixFileAttributes attributes = Files.readAttributes(folder, PosixFileAttributes.class);
                assertThat(PosixFilePermissions.toString(attributes.permissions())).isEqualTo("rwx------");
                assertThat(attributes.owner().getName()).isEqualTo(System.getProperty("user.name"));
            }

            child.destroyForcibly(); // kill -9 of the JVM
            assertThat(child.waitFor(2, TimeUnit.MINUTES)).isTrue();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (System.nanoTime() < deadline && pids.stream().anyMatch(WorkerFaultsTest::alive)) {
                Thread.sleep(50);
            }
            assertThat(pids).as("workers of the killed JVM").noneMatch(WorkerFaultsTest::alive);

            // The next runtime to start removes the folders of JVMs that no longer run, also one
            // whose pid is now another process's (this JVM's pid, for a process that started at tick 1).
            Path reused = Files.createDirectories(Path.of("/dev/shm", "pybridge-" + ProcessHandle.current().pid() + "-2001"));
            Files.writeString(reused.resolve("owner"), "1");
            assertPassed(ChildJvm.run(WorkerFaultProbe.class, List.of(), Map.of(), "start"));
            assertThat(foldersOf(child.pid())).as("the killed JVM's folders after the next start").isEmpty();
            assertThat(reused).as("a folder whose pid was reused, after the next start").doesNotExist();
        }
        finally {
            child.destroyForcibly();
        }
    }

    private static void probe(String scenario) throws Exception {
        ChildJvm.Result child = ChildJvm.run(WorkerFaultProbe.class, List.of(), Map.of(), scenario);
        System.out.println("[" + scenario + "] " + String.join("; ", child.lines("message ")) + " | "
                + String.join(", ", child.lines("count ")));
        assertPassed(child);
    }

    private static void assertPassed(ChildJvm.Result child) {
        assertThat(child.lines("FAIL ")).as(child.describe()).isEmpty();
        assertThat(child.lines("done")).as(child.describe()).hasSize(1);
        assertThat(child.exitCode()).as(child.describe()).isZero();
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static List<String> descriptorsOf(long pid) throws IOException {
        List<String> links = new ArrayList<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    links.add(Files.readSymbolicLink(fd).toString());
                }
                catch (IOException closed) {
                    // closed between the listing and the read
                }
            }
        }
        return links;
    }

    private static List<Path> foldersOf(long jvmPid) throws IOException {
        Path shm = Path.of("/dev/shm");
        if (!Files.isDirectory(shm)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(shm)) {
            return entries.filter(path -> path.getFileName().toString().startsWith("pybridge-" + jvmPid + "-")).toList();
        }
    }

    private static boolean imports(Path python, String module) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(python.toString(), "-c", "import " + module).redirectErrorStream(true)
                .start();
        process.getInputStream().readAllBytes();
        return process.waitFor(2, TimeUnit.MINUTES) && process.exitValue() == 0;
    }
}
