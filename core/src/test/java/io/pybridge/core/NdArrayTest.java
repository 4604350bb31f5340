package io.pybridge.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pybridge.core.NdArray.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** Arrays as Java builds them, before any numpy is involved. */
class NdArrayTest {

    @Test
    void shapeDefaultsToOneDimensionAndMustHoldTheData() {
        NdArray flat = NdArray.of(new double[] { 1, 2, 3 });
        assertThat(flat.shape()).containsExactly(3);
        assertThat(flat.dtype()).isEqualTo(DType.FLOAT64);
        assertThat(NdArray.of(new long[6], 2, 3).shape()).containsExactly(2, 3);
        assertThatThrownBy(() -> NdArray.of(new int[5], 2, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds 6 elements, the data has 5");
        assertThatThrownBy(() -> NdArray.of(new int[0], -1, 0)).hasMessageContaining("negative dimension");
    }

    @Test
    void rowsBecomeOneRowMajorBlock() {
        NdArray matrix = NdArray.of(new double[][] { { 1, 2 }, { 3, 4 }, { 5, 6 } });
        assertThat(matrix.shape()).containsExactly(3, 2);
        assertThat(matrix.doubles()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThatThrownBy(() -> NdArray.of(new double[][] { { 1, 2 }, { 3 } })).hasMessageContaining("row 1 has 1 values");
    }

    @Test
    void typedAccessorsCheckTheDtype() {
        NdArray ints = NdArray.of(new int[] { 1, 2 });
        assertThat(ints.ints()).containsExactly(1, 2);
        assertThatThrownBy(ints::doubles).isInstanceOf(IllegalStateException.class).hasMessageContaining("not FLOAT64");
        assertThat(NdArray.ofUnsigned(new byte[] { (byte) 200 }).dtype()).isEqualTo(DType.UINT8);
    }

    @Test
    void viewsNeedDirectNativeOrderBuffers() {
        assertThatThrownBy(() -> NdArray.view(ByteBuffer.allocate(8).asDoubleBuffer(), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("direct buffer");
        ByteBuffer direct = ByteBuffer.allocateDirect(32).order(ByteOrder.nativeOrder());
        assertThat(NdArray.view(direct.asDoubleBuffer(), 2, 2).shape()).containsExactly(2, 2);
        assertThatThrownBy(() -> NdArray.view(direct.asDoubleBuffer(), 3, 2)).hasMessageContaining("needs");
    }

    @Test
    void aByteBufferCanBeViewedAsAnyDtypeAndClosingAUsersViewChangesNothing() {
        ByteBuffer bytes = ByteBuffer.allocateDirect(48).order(ByteOrder.nativeOrder());
        bytes.putDouble(40, 2.5);
        NdArray.NumpyView doubles = NdArray.view(DType.FLOAT64, bytes, 2, 3);
        assertThat(doubles.dtype()).isEqualTo(DType.FLOAT64);
        assertThat(doubles.shape()).containsExactly(2, 3);
        assertThat(((java.nio.DoubleBuffer) doubles.buffer()).get(5)).isEqualTo(2.5);
        assertThat(NdArray.view(DType.INT8, bytes).dtype()).isEqualTo(DType.INT8);
        assertThat(NdArray.view(DType.UINT8, bytes).dtype()).isEqualTo(DType.UINT8);
        assertThat(NdArray.view(DType.INT32, bytes).buffer().remaining()).isEqualTo(12);
        doubles.close();
        assertThat(((java.nio.DoubleBuffer) doubles.buffer()).get(5)).isEqualTo(2.5);
        assertThat(doubles.toString()).isEqualTo("NumpyView[FLOAT64 [2, 3]]");
        assertThatThrownBy(() -> NdArray.view(DType.FLOAT64, bytes, 7)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs 7 elements");
    }

    @Test
    void aSharedViewReleasesItsMemoryOnceOnClose() {
        java.util.concurrent.atomic.AtomicInteger released = new java.util.concurrent.atomic.AtomicInteger();
        NdArray.NumpyView view = NdArray.shared(DType.INT64, ByteBuffer.allocateDirect(16).asReadOnlyBuffer(), new int[] { 2 },
                released::incrementAndGet);
        assertThat(view.buffer().isReadOnly()).isTrue();
        assertThat(view.toString()).isEqualTo("NumpyView[INT64 [2] read-only]");
        view.close();
        view.close();
        assertThat(released).hasValue(1);
    }
}
