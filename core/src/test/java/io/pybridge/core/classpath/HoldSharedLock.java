package io.pybridge.core.classpath;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A child JVM's main: holds the in-use lock (shared, first byte) of the lock file named by its
 * argument, as a JVM using that unpacked folder does, until its standard input closes.
 */
public final class HoldSharedLock {

    private HoldSharedLock() {
    }

    public static void main(String[] args) throws Exception {
        try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            channel.lock(0, 1, true);
            System.out.println("locked");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close our input
            }
        }
    }
}
