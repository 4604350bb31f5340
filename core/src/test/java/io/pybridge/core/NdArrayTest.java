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
}
