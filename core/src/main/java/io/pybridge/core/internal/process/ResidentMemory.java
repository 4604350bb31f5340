package io.pybridge.core.internal.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's resident memory, from Linux's {@code /proc/<pid>/status} ({@code VmRSS}, in kB). */
final class ResidentMemory {

    private ResidentMemory() {
    }

    /** Resident bytes, or 0 if the process is gone or the system does not say. */
    static long of(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    String kilobytes = line.substring(6).trim();
                    int space = kilobytes.indexOf(' ');
                    return Long.parseLong(space < 0 ? kilobytes : kilobytes.substring(0, space)) * 1024;
                }
            }
        }
        catch (IOException | RuntimeException gone) {
            // ended between the listing and the read, or not Linux
        }
        return 0;
    }
}
