package io.pybridge.core.internal.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pybridge.core.NdArray;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Result blocks without a worker: block files written here as the worker would, and views over
 * them given back on close, and on collection only once no buffer made from them is reachable.
 */
class ResultBlocksTest {

    private static final long PID = 4242;

    @TempDir
    Path folder;

    @Test
    void aClosedViewGivesItsBlockBackOnceAndReadsTheBlock() throws IOException {
        writeBlock(0, 1000);
        try (ResultBlocks blocks = new ResultBlocks(folder, PID)) {
            NdArray.NumpyView view = blocks.view(0, NdArray.DType.FLOAT64, new int[] { 10, 100 }, 0, 8000);
            assertThat(Files.exists(folder.resolve(ResultBlocks.fileName(PID, 0)))).as("deleted once open").isFalse();
            DoubleBuffer values = (DoubleBuffer) view.buffer();
            assertThat(values.isReadOnly()).isTrue();
            assertThat(values.get(999)).isEqualTo(999.0);
            assertThat(blocks.takeReleased()).isEmpty();
            view.close();
            view.close();
            assertThat(blocks.takeReleased()).containsExactly(0L);
            assertThat(blocks.takeReleased()).isEmpty();
            // Free again: the worker may name it for the next view.
            blocks.view(0, NdArray.DType.FLOAT64, new int[] { 1000 }, 0, 8000).close();
            assertThat(blocks.takeReleased()).containsExactly(0L);
        }
    }

    @Test
    void aBlockAViewStillHoldsCannotBeNamedAgain() throws IOException {
        writeBlock(3, 10);
        try (ResultBlocks blocks = new ResultBlocks(folder, PID)) {
            NdArray.NumpyView view = blocks.view(3, NdArray.DType.FLOAT64, new int[] { 10 }, 0, 80);
            assertThatThrownBy(() -> blocks.view(3, NdArray.DType.FLOAT64, new int[] { 10 }, 0, 80))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("which a view still holds");
            view.close();
        }
    }

    @Test
    void aDroppedViewIsGivenBackWhenNoBufferOfItIsReachable() throws Exception {
        writeBlock(0, 1000);
        writeBlock(1, 1000);
        try (ResultBlocks blocks = new ResultBlocks(folder, PID)) {
            // Block 1's view is dropped, but a buffer made from it is kept: it must stay held.
            DoubleBuffer kept = ((DoubleBuffer) blocks.view(1, NdArray.DType.FLOAT64, new int[] { 1000 }, 0, 8000).buffer())
                    .duplicate();
            blocks.view(0, NdArray.DType.FLOAT64, new int[] { 1000 }, 0, 8000);
            List<Long> released = awaitReleased(blocks, 1);
            assertThat(released).containsExactly(0L);
            assertThat(kept.get(500)).isEqualTo(500.0);
            // A few more collections: block 1 stays held while its buffer is reachable.
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(20);
            }
            assertThat(blocks.takeReleased()).isEmpty();
            assertThat(kept.get(999)).isEqualTo(999.0);
            kept = null;
            assertThat(awaitReleased(blocks, 1)).containsExactly(1L);
        }
    }

    @Test
    void closingDeletesTheWorkersFilesJavaNeverOpened() throws IOException {
        writeBlock(5, 10);
        Path otherWorkers = Files.createFile(folder.resolve("out-" + (PID + 1) + "-b0"));
        new ResultBlocks(folder, PID).close();
        assertThat(Files.exists(folder.resolve(ResultBlocks.fileName(PID, 5)))).isFalse();
        assertThat(otherWorkers).exists();
    }

    /** Asks for collections until {@code count} blocks are released (60 s at most: a guard against a hang). */
    private static List<Long> awaitReleased(ResultBlocks blocks, int count) throws InterruptedException {
        List<Long> released = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (released.size() < count && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
            released.addAll(blocks.takeReleased());
        }
        return released;
    }

    /** Block {@code number} as the worker writes it: {@code doubles} float64 counting from 0. */
    private void writeBlock(long number, int doubles) throws IOException {
        try (FileChannel file = FileChannel.open(folder.resolve(ResultBlocks.fileName(PID, number)), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            ByteBuffer data = ByteBuffer.allocate(doubles * 8).order(ByteOrder.nativeOrder());
            for (int i = 0; i < doubles; i++) {
                data.putDouble(i);
            }
            data.flip();
            file.write(data);
        }
    }
}
