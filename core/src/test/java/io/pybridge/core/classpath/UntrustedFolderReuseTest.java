package io.pybridge.core.classpath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 25's attack and its neighbours: which cache folders {@link UnpackedFolder#unpack} reuses
 * on the size check, reuses after comparing every byte, replaces, or refuses. Folders owned by
 * another user are made with {@code chown} (the tests run as root); the same decisions are also
 * checked with a rule that sees the test's own files as another user's, which needs no root.
 * Pure: no Python.
 */
class UntrustedFolderReuseTest {

    private static final String KIND = "cpython";

    private static final String NAME = "cpython-test";

    @TempDir
    Path cache;

    private final CacheFixtures fixtures = new CacheFixtures();

    @BeforeEach
    void posix() {
        assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).as("Unix owners and modes").contains("unix");
    }

    private Path unpack() {
        return UnpackedFolder.unpack(cache, KIND, NAME, fixtures.distribution());
    }

    @Test
    void aTrustedFolderIsReusedOnItsSizesAsBefore() throws Exception {
        Path home = unpack();
        int unpacked = fixtures.opened.get();
        assertThat(unpack()).isEqualTo(home);
        assertThat(fixtures.opened).as("no content read: sizes only").hasValue(unpacked);
    }

    @Test
    void anotherUsersWorldWritableFolderWithAPlantedFileOfTheSameSizeIsRefused() throws Exception {
        // The report: another user unpacked (or copied) the folder first, made it writable
        // by all, and changed statistics.py to run code at import, keeping its size.
        Path home = unpack();
        Path statistics = home.resolve(CacheFixtures.STATISTICS);
        Files.writeString(statistics, CacheFixtures.plantedStatistics());
        UserPrincipal nobody = CacheFixtures.anotherUser();
        CacheFixtures.giveAway(home, nobody);
        CacheFixtures.openUp(home);
        assertThat(UnpackedFolder.isIntact(home)).as("the old size check would have reused it").isTrue();

        assertThatThrownBy(this::unpack).isInstanceOfSatisfying(UntrustedCacheFolderException.class, refused -> {
            assertThat(refused).isInstanceOf(UncheckedIOException.class);
            assertThat(refused.folder()).isEqualTo(home);
            assertThat(refused.getMessage()).startsWith("Refusing to use " + home + ": " + home + " is owned by "
                    + nobody.getName() + " and has mode rwxrwxrwx")
                    .contains(CacheFixtures.STATISTICS + " differs from the application's")
                    .contains("pybridge.python.cache-dir", "PYBRIDGE_CACHE_DIR", "mode 700")
                    .contains("Nothing was deleted");
            assertThat(refused.fix()).contains("pybridge.python.cache-dir");
        });
        assertThat(Files.readString(statistics)).as("another user's folder is left as it is")
                .isEqualTo(CacheFixtures.plantedStatistics());
        assertThat(Files.getOwner(home)).isEqualTo(nobody);
    }

    @Test
    void anotherUsersFolderWithAPlantedBytecodeFileIsRefused() throws Exception {
        Path home = unpack();
        Files.writeString(home.resolve("lib/python3.13/__pycache__/statistics.cpython-313.pyc"), "bytecode");
        CacheFixtures.giveAway(home, CacheFixtures.anotherUser());

        assertThatThrownBy(this::unpack).isInstanceOf(UntrustedCacheFolderException.class)
                .hasMessageContaining("statistics.cpython-313.pyc is not one of the application's files");
    }

    @Test
    void anotherUsersFolderWhoseFilesAllMatchIsReused() throws Exception {
        Path home = unpack();
        UserPrincipal nobody = CacheFixtures.anotherUser();
        CacheFixtures.giveAway(home, nobody);
        CacheFixtures.openUp(home);
        int unpacked = fixtures.opened.get();

        assertThat(unpack()).isEqualTo(home);
        assertThat(fixtures.opened).as("every file compared").hasValue(unpacked + fixtures.distribution().size());
        assertThat(Files.getOwner(home.resolve(CacheFixtures.STATISTICS))).as("used, not replaced").isEqualTo(nobody);
    }

    @Test
    void underAGroupWritableRootAFolderIsComparedNotTrustedOnSizes() throws Exception {
        Path home = unpack();
        CacheFixtures.addWrite(cache, PosixFilePermission.GROUP_WRITE);
        int unpacked = fixtures.opened.get();

        assertThat(unpack()).isEqualTo(home);
        assertThat(fixtures.opened).as("every file compared").hasValue(unpacked + fixtures.distribution().size());
    }

    @Test
    void underAnOtherWritableRootAFolderSwappedInByAnotherUserIsRefused() throws Exception {
        Path home = unpack();
        Files.writeString(home.resolve(CacheFixtures.STATISTICS), CacheFixtures.plantedStatistics());
        CacheFixtures.giveAway(home, CacheFixtures.anotherUser());
        CacheFixtures.addWrite(cache, PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

        assertThatThrownBy(this::unpack).isInstanceOf(UntrustedCacheFolderException.class)
                .hasMessageContaining(cache + " is owned by").hasMessageContaining("rwx-w--w-")
                .hasMessageContaining(CacheFixtures.STATISTICS + " differs");
    }

    @Test
    void underAWritableRootThisUsersOwnChangedFolderIsReplaced() throws Exception {
        Path home = unpack();
        Path statistics = home.resolve(CacheFixtures.STATISTICS);
        Files.writeString(statistics, CacheFixtures.plantedStatistics());
        CacheFixtures.addWrite(cache, PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

        assertThat(unpack()).isEqualTo(home);
        assertThat(Files.readString(statistics)).as("unpacked afresh").isEqualTo(CacheFixtures.STATISTICS_CONTENT);
    }

    @Test
    void underAWritableRootAMissingFolderIsUnpacked() throws Exception {
        CacheFixtures.addWrite(cache, PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
        Path home = unpack();
        assertThat(Files.readString(home.resolve(CacheFixtures.STATISTICS))).isEqualTo(CacheFixtures.STATISTICS_CONTENT);
    }

    @Test
    void seenAsAnotherUsersTheSameDecisionsNeedNoRoot() throws Exception {
        Path home = UnpackedFolder.unpack(cache, KIND, NAME, fixtures.distribution());
        // The rule of a JVM running as another user, with no superuser: every file of this test is foreign.
        FolderTrust asNobody = new FolderTrust(FileStatus.of(home).uid() + 1, "someone", false);
        int unpacked = fixtures.opened.get();

        assertThat(UnpackedFolder.unpack(cache, KIND, NAME, fixtures.distribution(), asNobody)).isEqualTo(home);
        assertThat(fixtures.opened).as("compared, not trusted").hasValue(unpacked + fixtures.distribution().size());

        Files.writeString(home.resolve(CacheFixtures.STATISTICS), CacheFixtures.plantedStatistics());
        assertThatThrownBy(() -> UnpackedFolder.unpack(cache, KIND, NAME, fixtures.distribution(), asNobody))
                .isInstanceOf(UntrustedCacheFolderException.class).hasMessageContaining(cache + " is owned by");
        assertThat(Files.readString(home.resolve(CacheFixtures.STATISTICS))).isEqualTo(
                CacheFixtures.plantedStatistics());
    }

    @Test
    void anotherUsersOlderFolderIsNeverPruned() throws Exception {
        Path older = Files.createDirectories(cache.resolve(KIND).resolve(NAME + "-0123456789ab"));
        CacheFixtures.giveAway(older, CacheFixtures.anotherUser());
        unpack();
        assertThat(older).isDirectory();
    }
}
