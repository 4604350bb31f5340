package io.pybridge.autoconfigure.reload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which .py files two snapshots of the source folders say were added, changed or deleted. */
class SourceSnapshotTests {

    @TempDir
    Path folder;

    @Test
    void addedChangedAndDeletedSourcesAreChangesOtherFilesAreNot() throws IOException {
        Path kept = write("kept.py", "a = 1\n");
        Path changed = write("pkg/changed.py", "a = 1\n");
        Path deleted = write("deleted.py", "a = 1\n");
        write("notes.txt", "not Python\n");
        SourceSnapshot before = SourceSnapshot.of(List.of(folder));

        write("pkg/changed.py", "a = 22\n");
        Files.delete(deleted);
        Path added = write("deep/er/added.py", "b = 2\n");
        write("notes.txt", "still not Python\n");
        write(".#editor-lock.py", "x");
        SourceSnapshot after = SourceSnapshot.of(List.of(folder));

        assertThat(after.changedSince(before)).containsExactlyInAnyOrder(changed.toAbsolutePath(),
                deleted.toAbsolutePath(), added.toAbsolutePath());
        assertThat(after.changedSince(after)).isEmpty();
        assertThat(before.size()).isEqualTo(3);
        assertThat(kept).exists();
    }

    @Test
    void anEditThatKeepsTheSizeIsSeenByItsTime() throws IOException {
        Path file = write("same_size.py", "a = 1\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        SourceSnapshot before = SourceSnapshot.of(List.of(folder));

        Files.writeString(file, "a = 2\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:00:00.001Z")));

        assertThat(SourceSnapshot.of(List.of(folder)).changedSince(before)).containsExactly(file.toAbsolutePath());
    }

    @Test
    void aFolderThatDoesNotExistHasNoSources() {
        assertThat(SourceSnapshot.of(List.of(folder.resolve("missing"))).size()).isZero();
    }

    private Path write(String name, String text) throws IOException {
        Path file = folder.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }
}
