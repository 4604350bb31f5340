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
                .hasMessageContaining(home + " is owned by");
    }

    @Test
    void anotherUsersFolderIsRefusedEvenWhenItsFilesAllMatch() throws Exception {
        // Whoever can write it can change a file after any comparison and before Python imports it.
        Path home = unpack();
        UserPrincipal nobody = CacheFixtures.anotherUser();
        CacheFixtures.giveAway(home, nobody);
        CacheFixtures.openUp(home);
        int unpacked = fixtures.opened.get();

        assertThatThrownBy(this::unpack).isInstanceOf(UntrustedCacheFolderException.class);
        assertThat(fixtures.opened).as("nothing compared, nothing unpacked").hasValue(unpacked);
        assertThat(Files.getOwner(home.resolve(CacheFixtures.STATISTICS))).as("left as it is").isEqualTo(nobody);
    }

    @Test
    void aFileOfAnotherUsersInThisUsersFolderIsRefusedThoughNobodyElseMayWriteIt() throws Exception {
        // Put there while somebody else could write the folder; its owner can make it writable again.
        Path home = unpack();
        UserPrincipal nobody = CacheFixtures.anotherUser();
        Path statistics = home.resolve(CacheFixtures.STATISTICS);
        Files.setOwner(statistics, nobody);

        assertThatThrownBy(this::unpack).isInstanceOf(UntrustedCacheFolderException.class)
                .hasMessageContaining(statistics + " is owned by " + nobody.getName());
    }

    @Test
    void underAGroupWritableRootEvenThisUsersOwnFolderIsRefused() throws Exception {
        // A member of the group could rename it away and put a copy of their own in its place.
        Path home = unpack();
        CacheFixtures.addWrite(cache, PosixFilePermission.GROUP_WRITE);
        int unpacked = fixtures.opened.get();

        assertThatThrownBy(this::unpack).isInstanceOf(UntrustedCacheFolderException.class)
                .hasMessageContaining(cache + " is owned by").hasMessageContaining("rwx-w-")
                .hasMessageContaining("chmod -R go-w on " + cache);
        assertThat(fixtures.opened).as("nothing compared, nothing unpacked").hasValue(unpacked);
        assertThat(home).isDirectory();
    }

    @Test
    void underAnOtherWritableRootAFolderSwappedInByAnotherUserIsRefused() throws Exception {
        Path home = unpack();
        Files.writeString(home.resolve(CacheFixtures.STATISTICS), CacheFixtures.plantedStatistics());
        CacheFixtures.giveAway(home, CacheFixtures.anotherUser());
        CacheFixtures.addWrite(cache, PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

        assertThatThrownBy(this::unpack).isInstanceOf(UntrustedCacheFolderException.class)
                .hasMessageContaining(cache + " is owned by").hasMessageContaining("rwx-w--w-");
    }

    @Test
    void underAWritableRootThisUsersOwnChangedFolderIsRefusedAndLeftAsItIs() throws Exception {
        // Replacing it would unpack where others can swap the new copy for theirs.
        Path home = unpack();
        Path statistics = home.resolve(CacheFixtures.STATISTICS);
        Files.writeString(statistics, CacheFixtures.plantedStatistics());
        CacheFixtures.addWrite(cache, PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

        assertThatThrownBy(this::unpack).isInstanceOf(UntrustedCacheFolderException.class);
        assertThat(Files.readString(statistics)).isEqualTo(CacheFixtures.plantedStatistics());
    }

    @Test
    void underAWritableRootNothingIsUnpacked() throws Exception {
        CacheFixtures.addWrite(cache, PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
        assertThatThrownBy(this::unpack).isInstanceOfSatisfying(UntrustedCacheFolderException.class, refused -> {
            assertThat(refused.folder()).doesNotExist();
            assertThat(refused.fix()).contains("chmod -R go-w on " + cache);
        });
    }

    @Test
    void seenAsAnotherUsersTheSameDecisionsNeedNoRoot() throws Exception {
        Path home = UnpackedFolder.unpack(cache, KIND, NAME, fixtures.distribution());
        // The rule of a JVM running as another user, with no superuser: every file of this test is foreign.
        FolderTrust asNobody = new FolderTrust(FileStatus.of(home).uid() + 1, "someone", false);
        int unpacked = fixtures.opened.get();

        assertThatThrownBy(() -> UnpackedFolder.unpack(cache, KIND, NAME, fixtures.distribution(), asNobody))
                .isInstanceOf(UntrustedCacheFolderException.class).hasMessageContaining(cache + " is owned by")
                .hasMessageContaining("Nothing was deleted");
        assertThat(fixtures.opened).as("nothing compared, nothing unpacked").hasValue(unpacked);
        assertThat(Files.readString(home.resolve(CacheFixtures.STATISTICS))).isEqualTo(
                CacheFixtures.STATISTICS_CONTENT);
    }

    @Test
    void anotherUsersOlderFolderIsNeverPruned() throws Exception {
        Path older = Files.createDirectories(cache.resolve(KIND).resolve(NAME + "-0123456789ab"));
        CacheFixtures.giveAway(older, CacheFixtures.anotherUser());
        unpack();
        assertThat(older).isDirectory();
    }
}
