package io.pybridge.core.classpath;

import static org.assertj.core.api.Assumptions.assumeThat;

import io.pybridge.core.classpath.UnpackedFolder.Entry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * What the cache-trust tests share: a small distribution (with the {@code statistics.py} of the
 * issue's attack), and giving files away or opening them up as another local user would find them.
 */
final class CacheFixtures {

    static final String STATISTICS = "lib/python3.13/statistics.py";

    static final String STATISTICS_CONTENT = "import math\n\ndef mean(data):\n    return math.fsum(data) / len(data)\n";

    /** Counts how often an entry's content was read (unpacked or compared). */
    final AtomicInteger opened = new AtomicInteger();

    Entry entry(String path, String content, boolean executable) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return new Entry(path, bytes.length, content.hashCode(), () -> {
            opened.incrementAndGet();
            return new ByteArrayInputStream(bytes);
        }, executable);
    }

    List<Entry> distribution() {
        return List.of(entry("lib/python3.13/os.py", "import sys\n", false), entry(STATISTICS, STATISTICS_CONTENT, false),
                entry("bin/python3.13", "#!/bin/sh\n", true), entry("libpython3.13.so.1.0", "ELF...", false));
    }

    /** {@code statistics.py} changed to run code at import, with its size kept. */
    static String plantedStatistics() {
        String planted = "open('/tmp/pwned', 'w').write('ran')\n#";
        return planted + "x".repeat(STATISTICS_CONTENT.length() - planted.length() - 1) + "\n";
    }

    /** Another local user ({@code nobody}); the test is skipped where there is none or no Unix owners. */
    static UserPrincipal anotherUser() throws IOException {
        assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).as("Unix owners and modes").contains("unix");
        try {
            return FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        }
        catch (UserPrincipalNotFoundException none) {
            return Assumptions.abort("no user named nobody to own the folder");
        }
    }

    /** Gives {@code root} and all below it to {@code user}, as if that user had unpacked it (needs root). */
    static void giveAway(Path root, UserPrincipal user) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path path : all.toList()) {
                try {
                    Files.setOwner(path, user);
                }
                catch (FileSystemException notRoot) {
                    Assumptions.abort("giving a file to another user needs root: " + notRoot.getMessage());
                }
            }
        }
    }

    /** Makes {@code root} and all below it readable and writable by all ({@code chmod -R a+rwX}). */
    static void openUp(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path path : all.toList()) {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
                permissions.addAll(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                        PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ,
                        PosixFilePermission.OTHERS_WRITE));
                if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    permissions.addAll(Set.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                            PosixFilePermission.OTHERS_EXECUTE));
                }
                Files.setPosixFilePermissions(path, permissions);
            }
        }
    }

    /** Adds write permissions to one folder or file only. */
    static void addWrite(Path path, PosixFilePermission... write) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
        permissions.addAll(List.of(write));
        Files.setPosixFilePermissions(path, permissions);
    }
}
