package io.pybridge.core.internal.capi;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Platform;
import org.junit.jupiter.api.Test;

/**
 * The calling thread's stack and whether it is the process's main thread. The {@code java}
 * launcher runs no Java on the main thread, so this JVM's threads are all others: the main
 * thread's case is checked through the decision itself.
 */
class LibCTest {

    @Test
    void onlyTheThreadWhoseIdIsTheProcessIdIsTheMainThread() {
        assertThat(LibC.isMainThread(4242, 4242)).isTrue();
        assertThat(LibC.isMainThread(4243, 4242)).isFalse();
        assertThat(LibC.isMainThread(-1, -1)).as("a failed gettid").isFalse();
    }

    @Test
    void gettidHasItsNumberOnBothArchitectures() {
        assertThat(LibC.gettidSyscall("x86-64")).isEqualTo(186);
        assertThat(LibC.gettidSyscall("aarch64")).isEqualTo(178);
        assertThat(LibC.gettidSyscall("riscv64")).isEqualTo(-1);
    }

    @Test
    void aJavaLaunchedThreadIsNotTheMainThreadAndItsStackIsKnown() throws Exception {
        if (!Platform.isLinux()) {
            return;
        }
        assertThat(LibC.onProcessMainThread()).isFalse();
        assertThat(LibC.currentThreadStack()).isNotNull();
        long[][] other = new long[1][];
        boolean[] main = { true };
        Thread thread = new Thread(null, () -> {
            main[0] = LibC.onProcessMainThread();
            other[0] = LibC.currentThreadStack();
        }, "libc-test", 512 * 1024);
        thread.start();
        thread.join();
        assertThat(main[0]).isFalse();
        assertThat(other[0]).isNotNull();
        assertThat(other[0][0]).isPositive();
        assertThat(other[0][1]).isGreaterThanOrEqualTo(512L * 1024); // the JVM may round a requested size up
    }
}
