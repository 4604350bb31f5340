package io.pybridge.core.classpath;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.classpath.UnpackedFolder.Entry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The byte-by-byte comparison of an unpacked folder with the jar's entries. Pure: no Python. */
class FolderContentTest {

    @TempDir
    Path cache;

    private final CacheFixtures fixtures = new CacheFixtures();

    private List<Entry> entries;

    private Path home;

    @BeforeEach
    void unpack() {
        entries = fixtures.distribution();
        home = UnpackedFolder.unpack(cache, "cpython", "cpython-test", entries);
    }

    private java.util.Optional<String> difference() throws Exception {
        return FolderContent.difference(home, entries, UnpackedFolder.manifest(entries));
    }

    @Test
    void anUnchangedFolderMatchesByReadingEveryEntry() throws Exception {
        int unpacked = fixtures.opened.get();
        assertThat(difference()).isEmpty();
        assertThat(fixtures.opened).as("every entry is read again to compare").hasValue(unpacked + entries.size());
    }

    @Test
    void aFileChangedWithItsSizeKeptIsFound() throws Exception {
        Files.writeString(home.resolve(CacheFixtures.STATISTICS), CacheFixtures.plantedStatistics());
        assertThat(Files.size(home.resolve(CacheFixtures.STATISTICS))).isEqualTo(
                CacheFixtures.STATISTICS_CONTENT.length());
        assertThat(difference()).hasValue(CacheFixtures.STATISTICS + " differs from the application's");
    }

    @Test
    void anAddedBytecodeFileIsFound() throws Exception {
        Files.writeString(home.resolve("lib/python3.13/__pycache__/statistics.cpython-313.pyc"), "bytecode");
        assertThat(difference()).hasValue(
                "lib/python3.13/__pycache__/statistics.cpython-313.pyc is not one of the application's files");
    }

    @Test
    void aMissingOrResizedFileIsFound() throws Exception {
        Files.writeString(home.resolve("libpython3.13.so.1.0"), "ELF");
        assertThat(difference()).hasValue("libpython3.13.so.1.0 has 3 bytes, the application's 6");
        Files.delete(home.resolve("libpython3.13.so.1.0"));
        assertThat(difference()).hasValue("libpython3.13.so.1.0 is missing");
    }

    @Test
    void aLinkIsFoundNotFollowed() throws Exception {
        Path os = home.resolve("lib/python3.13/os.py");
        Path copy = Files.writeString(cache.resolve("os.py"), Files.readString(os));
        Files.delete(os);
        Files.createSymbolicLink(os, copy);
        assertThat(difference()).hasValue("lib/python3.13/os.py is not a regular file");
    }

    @Test
    void aChangedListOfFilesIsFound() throws Exception {
        Files.writeString(home.resolve(UnpackedFolder.MANIFEST), "6\tlibpython3.13.so.1.0\n");
        assertThat(difference()).hasValue(UnpackedFolder.MANIFEST + " (the list of files) differs from the application's");
    }
}
