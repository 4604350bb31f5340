package io.pybridge.core.classpath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trust rule on owners and modes, read from the file system, never from the kernel's access
 * checks: so it judges alike when the tests run as root. Pure: no Python.
 */
class FolderTrustTest {

    @TempDir
    Path cache;

    private final CacheFixtures fixtures = new CacheFixtures();

    private final FolderTrust trust = FolderTrust.forThisJvm();

    private Path home;

    @BeforeEach
    void unpack() {
        assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).as("Unix owners and modes").contains("unix");
        home = UnpackedFolder.unpack(cache, "cpython", "cpython-test", fixtures.distribution());
    }

    @Test
    void whatPybridgeUnpacksIsTrusted() throws Exception {
        assertThat(trust.check(cache, home).distrust()).isEmpty();
        assertThat(trust.isOwnedBySelf(home)).isTrue();
        try (Stream<Path> all = Files.walk(cache)) {
            assertThat(all.filter(path -> !path.equals(cache)).toList()).allSatisfy(path -> assertThat(
                    Files.getPosixFilePermissions(path)).as("%s", path).doesNotContain(PosixFilePermission.GROUP_WRITE,
                            PosixFilePermission.OTHERS_WRITE));
        }
        assertThat(home.resolve("lib/python3.13/__pycache__")).as("made before Python makes it with the umask's mode")
                .isDirectory();
    }

    @Test
    void theSizesAreReadInTheSameLook() throws Exception {
        FolderTrust.Judgement judgement = trust.check(cache, home);
        assertThat(judgement.fileSizes()).containsEntry(CacheFixtures.STATISTICS,
                (long) CacheFixtures.STATISTICS_CONTENT.length()).containsEntry("bin/python3.13", 10L)
                .containsKey(UnpackedFolder.MANIFEST);
        assertThat(UnpackedFolder.isIntact(home, judgement.fileSizes())).isTrue();
        Files.delete(home.resolve("libpython3.13.so.1.0"));
        assertThat(UnpackedFolder.isIntact(home, trust.check(cache, home).fileSizes())).as("a listed file gone").isFalse();
    }

    @Test
    void aFolderOwnedByAnotherUserIsNot() throws Exception {
        UserPrincipal nobody = CacheFixtures.anotherUser();
        CacheFixtures.giveAway(home, nobody);

        FolderTrust.Distrust distrust = trust.check(cache, home).distrust().orElseThrow();
        assertThat(distrust.path()).isEqualTo(home);
        assertThat(distrust.describe()).contains(home.toString(), "is owned by " + nobody.getName(), "rwx------");
        assertThat(distrust.tooOpenButOwn()).isFalse();
        assertThat(trust.isOwnedBySelf(home)).isFalse();
    }

    @Test
    void aFileInsideWritableByOthersIsNot() throws Exception {
        Path planted = home.resolve("lib/python3.13/__pycache__/statistics.cpython-313.pyc");
        Files.writeString(planted, "bytecode");
        assertThat(trust.check(cache, home).distrust()).as("this user's own file, rw-r--r--").isEmpty();

        CacheFixtures.addWrite(planted, PosixFilePermission.OTHERS_WRITE);
        FolderTrust.Distrust distrust = trust.check(cache, home).distrust().orElseThrow();
        assertThat(distrust.path()).isEqualTo(planted);
        assertThat(distrust.describe()).contains("rw-r--rw-");
        assertThat(distrust.tooOpenButOwn()).isTrue();
    }

    @Test
    void aFolderInsideOwnedByAnotherUserIsNot() throws Exception {
        UserPrincipal nobody = CacheFixtures.anotherUser();
        Path inside = home.resolve("lib/python3.13/__pycache__");
        CacheFixtures.giveAway(inside, nobody);
        assertThat(trust.check(cache, home).distrust()).get().extracting(FolderTrust.Distrust::path).isEqualTo(inside);
    }

    @Test
    void aGroupOrOtherWritableRootIsNot() throws Exception {
        CacheFixtures.addWrite(cache, PosixFilePermission.GROUP_WRITE);
        FolderTrust.Distrust distrust = trust.check(cache, home).distrust().orElseThrow();
        assertThat(distrust.path()).isEqualTo(cache);
        assertThat(distrust.describe()).contains("rwx-w----");
        assertThat(distrust.tooOpenButOwn()).as("chmod go-w fixes it").isTrue();

        Files.setPosixFilePermissions(cache, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_EXECUTE));
        assertThat(trust.check(cache, home).distrust()).get().extracting(FolderTrust.Distrust::path).isEqualTo(cache);
    }

    @Test
    void aWritableFolderOnTheWayOrInsideIsNot() throws Exception {
        Path kind = home.getParent();
        CacheFixtures.addWrite(kind, PosixFilePermission.OTHERS_WRITE);
        assertThat(trust.check(cache, home).distrust()).get().extracting(FolderTrust.Distrust::path).isEqualTo(kind);
        Files.setPosixFilePermissions(kind, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE));

        Path inside = home.resolve("lib/python3.13");
        CacheFixtures.addWrite(inside, PosixFilePermission.GROUP_WRITE);
        assertThat(trust.check(cache, home).distrust()).get().extracting(FolderTrust.Distrust::path).isEqualTo(inside);
    }

    @Test
    void aLinkBelowTheRootIsNotFollowedNorTrusted() throws Exception {
        Path link = home.resolve("lib/python3.13/site.py");
        Files.createSymbolicLink(link, home.resolve("lib/python3.13/os.py"));
        assertThat(trust.check(cache, home).distrust()).get().satisfies(distrust -> {
            assertThat(distrust.path()).isEqualTo(link);
            assertThat(distrust.describe()).contains("symbolic link");
        });
    }

    @Test
    void aRootThatIsALinkIsJudgedByWhatItPointsTo(@TempDir Path elsewhere) throws Exception {
        Path root = Files.createSymbolicLink(elsewhere.resolve("cache-link"), cache);
        assertThat(trust.check(root, root.resolve(cache.relativize(home))).distrust()).isEmpty();
    }

    @Test
    void aFolderNotMadeYetIsJudgedByTheFoldersAboveIt() throws Exception {
        assertThat(trust.check(cache, cache.resolve("python-sources/app-1234-0123456789ab")).distrust()).isEmpty();
        CacheFixtures.addWrite(cache, PosixFilePermission.OTHERS_WRITE);
        assertThat(trust.check(cache, cache.resolve("python-sources/app-1234-0123456789ab")).distrust()).isPresent();
    }

    @Test
    void rootsFilesAreTrustedForAnyUser() throws Exception {
        int owner = FileStatus.of(home).uid();
        assumeThat(owner).as("the tests run as root").isZero();
        // As another user sees it: root's files are trusted, as ssh trusts them; without that, nothing here is.
        assertThat(new FolderTrust(4321, "someone", true).check(cache, home).distrust()).isEmpty();
        assertThat(new FolderTrust(4321, "someone", false).check(cache, home).distrust()).get()
                .extracting(FolderTrust.Distrust::path).isEqualTo(cache);
    }

    @Test
    void theStatusOfAFile() throws Exception {
        FileStatus status = FileStatus.of(home.resolve("bin/python3.13"));
        assertThat(status.isRegularFile()).isTrue();
        assertThat(status.isDirectory()).isFalse();
        assertThat(status.permissions()).isEqualTo("rwxr-xr-x");
        assertThat(status.size()).isEqualTo(10);
        assertThat(FileStatus.of(home).permissions()).isEqualTo("rwx------");
        assertThat(FileStatus.of(home).isDirectory()).isTrue();
    }
}
