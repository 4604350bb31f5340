package io.pybridge.core.classpath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pybridge.core.classpath.UnpackedFolder.Entry;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unpacking into the cache: once, reused, repaired, and safe when several callers race. Pure: no Python. */
class UnpackedFolderTest {

    /** The cache's sub-folder the tests unpack into. */
    private static final String KIND = "cpython";

    @TempDir
    Path cache;

    private final AtomicInteger opened = new AtomicInteger();

    private Entry entry(String path, String content, boolean executable) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return new Entry(path, bytes.length, content.hashCode(), () -> {
            opened.incrementAndGet();
            return new ByteArrayInputStream(bytes);
        }, executable);
    }

    private Path kind() {
        return cache.resolve(KIND);
    }

    /** What the cache's sub-folder holds besides the lock files. */
    private Stream<Path> folders() throws java.io.IOException {
        return Files.list(kind()).filter(path -> !path.getFileName().toString().endsWith(".lock"));
    }

    private List<Entry> distribution() {
        return List.of(entry("lib/python3.13/os.py", "import sys\n", false), entry("bin/python3.13", "#!/bin/sh\n", true),
                entry("libpython3.13.so.1.0", "ELF...", false));
    }

    @Test
    void unpacksOnceAndReusesAnIntactCopy() throws Exception {
        Path home = UnpackedFolder.unpack(cache, KIND, "cpython-test", distribution());
        assertThat(home.getFileName().toString()).startsWith("cpython-test-");
        assertThat(Files.readString(home.resolve("lib/python3.13/os.py"))).isEqualTo("import sys\n");
        assertThat(Files.isExecutable(home.resolve("bin/python3.13"))).isTrue();
        assertThat(Files.isExecutable(home.resolve("lib/python3.13/os.py"))).isFalse();
        assertThat(opened).hasValue(3);
        FileTime written = Files.getLastModifiedTime(home.resolve("libpython3.13.so.1.0"));

        assertThat(UnpackedFolder.unpack(cache, KIND, "cpython-test", distribution())).isEqualTo(home);
        assertThat(opened).as("an intact copy is verified, not unpacked again").hasValue(3);
        assertThat(Files.getLastModifiedTime(home.resolve("libpython3.13.so.1.0"))).isEqualTo(written);
        try (Stream<Path> left = folders()) {
            assertThat(left).as("no temporary folders are left").containsExactly(home);
        }
    }

    @Test
    void anotherDistributionGetsAFolderOfItsOwn() {
        Path first = UnpackedFolder.unpack(cache, KIND, "cpython-test", distribution());
        List<Entry> changed = new ArrayList<>(distribution());
        changed.set(0, entry("lib/python3.13/os.py", "import sys  # patched\n", false));
        assertThat(UnpackedFolder.unpack(cache, KIND, "cpython-test", changed)).isNotEqualTo(first);
    }

    @Test
    void aDamagedCopyIsReplaced() throws Exception {
        Path home = UnpackedFolder.unpack(cache, KIND, "cpython-test", distribution());
        Files.delete(home.resolve("lib/python3.13/os.py"));
        Files.writeString(home.resolve("libpython3.13.so.1.0"), "truncated");
        assertThat(UnpackedFolder.isIntact(home)).isFalse();

        assertThat(UnpackedFolder.unpack(cache, KIND, "cpython-test", distribution())).isEqualTo(home);
        assertThat(UnpackedFolder.isIntact(home)).isTrue();
        assertThat(Files.readString(home.resolve("libpython3.13.so.1.0"))).isEqualTo("ELF...");
        assertThat(opened).hasValue(6);
    }

    @Test
    void aFolderWithoutItsManifestIsNotTrusted() throws Exception {
        Path home = UnpackedFolder.unpack(cache, KIND, "cpython-test", distribution());
        Files.delete(home.resolve(UnpackedFolder.MANIFEST));
        assertThat(UnpackedFolder.isIntact(home)).isFalse();
        assertThat(UnpackedFolder.unpack(cache, KIND, "cpython-test", distribution())).isEqualTo(home);
        assertThat(UnpackedFolder.isIntact(home)).isTrue();
    }

    @Test
    void aGarbledManifestMakesTheFolderBrokenNotTheStartFailed() throws Exception {
        Path home = UnpackedFolder.unpack(cache, KIND, "cpython-test", distribution());
        Files.writeString(home.resolve(UnpackedFolder.MANIFEST), "not-a-number\tlib/python3.13/os.py\n\u0000\t\n");
        assertThat(UnpackedFolder.isIntact(home)).isFalse();
        assertThat(UnpackedFolder.unpack(cache, KIND, "cpython-test", distribution())).isEqualTo(home);
        assertThat(UnpackedFolder.isIntact(home)).isTrue();
    }

    @Test
    void aPendingInterruptNeitherFailsNorDropsTheLock() throws Exception {
        Thread.currentThread().interrupt();
        try {
            Path home = UnpackedFolder.unpack(cache, KIND, "cpython-test", distribution());
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept for the caller").isTrue();
            Thread.interrupted();
            assertThat(UnpackedFolder.unpack(cache, KIND, "cpython-test", distribution())).as("the lock channel still works")
                    .isEqualTo(home);
        }
        finally {
            Thread.interrupted();
        }
    }

    @Test
    void callersRacingToUnpackAllGetTheSameIntactFolder() throws Exception {
        int callers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Path>> homes = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                homes.add(pool.submit(() -> {
                    start.await();
                    return UnpackedFolder.unpack(cache, KIND, "cpython-test", distribution());
                }));
            }
            start.countDown();
            Set<Path> distinct = new HashSet<>();
            for (Future<Path> home : homes) {
                distinct.add(home.get(60, TimeUnit.SECONDS));
            }
            assertThat(distinct).hasSize(1);
            Path home = distinct.iterator().next();
            assertThat(UnpackedFolder.isIntact(home)).isTrue();
            try (Stream<Path> left = folders()) {
                assertThat(left).as("the losers' copies are gone").containsExactly(home);
            }
        }
        finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anEntryCannotEscapeTheFolder() {
        List<Entry> hostile = List.of(entry("../outside.txt", "x", false));
        assertThatThrownBy(() -> UnpackedFolder.unpack(cache, KIND, "bad", hostile))
                .hasMessageContaining("outside the folder");
        assertThat(Files.exists(kind().resolve("outside.txt"))).isFalse();
    }

    @Test
    void olderFoldersOfTheSameNameAreDeletedUnlessAnotherProcessUsesThem() throws Exception {
        Path unused = Files.createDirectories(kind().resolve("cpython-test-0123456789ab/lib"));
        Path usedElsewhere = Files.createDirectories(kind().resolve("cpython-test-fedcba987654/lib"));
        Path otherName = Files.createDirectories(kind().resolve("sources-0123456789ab/lib"));
        Process holder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), HoldSharedLock.class.getName(),
                kind().resolve("cpython-test-fedcba987654.lock").toString()).redirectErrorStream(true).start();
        try {
            // A hang guard: the child prints as soon as it holds the lock.
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8)).readLine();
            assertThat(line).isEqualTo("locked");

            Path home = UnpackedFolder.unpack(cache, KIND, "cpython-test", distribution());

            assertThat(Files.exists(unused.getParent())).as("an older copy nobody uses is deleted").isFalse();
            assertThat(Files.exists(usedElsewhere)).as("a copy another JVM holds in use stays").isTrue();
            assertThat(Files.exists(otherName)).as("another name's folders are not touched").isTrue();
            assertThat(UnpackedFolder.isIntact(home)).isTrue();
        }
        finally {
            holder.getOutputStream().close();
            assertThat(holder.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        UnpackedFolder.pruneOlder(kind(), "cpython-test", kind().resolve("none"));
        assertThat(Files.exists(usedElsewhere)).as("deleted once the other JVM ended").isFalse();
    }

    @Test
    void aFolderThisJvmUsesIsNeverPruned() throws Exception {
        Path home = UnpackedFolder.unpack(cache, KIND, "cpython-test", distribution());
        UnpackedFolder.pruneOlder(kind(), "cpython-test", kind().resolve("cpython-test-000000000000"));
        assertThat(UnpackedFolder.isIntact(home)).isTrue();
    }
}
