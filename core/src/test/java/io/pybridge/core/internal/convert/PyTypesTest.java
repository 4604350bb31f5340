package io.pybridge.core.internal.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.function.LongBinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The object-header offset of {@code ob_type} is read from a known object, not assumed: pure,
 * with a map of words standing in for memory.
 */
class PyTypesTest {

    private static final long TRUE = 0x1000;

    private static final long BOOL_TYPE = 0x7f00_0000_2000L;

    /** Memory of one object: offset to word; unknown offsets read as 0. */
    private static LongBinaryOperator memory(Map<Long, Long> words) {
        return (address, offset) -> address == TRUE ? words.getOrDefault(offset, 0L) : 0L;
    }

    @Test
    void regularBuildKeepsTheTypeAfterTheReferenceCount() {
        // ob_refcnt (immortal on 3.12+), ob_type, then the int's own fields.
        LongBinaryOperator read = memory(Map.of(0L, 0xFFFF_FFFFL, 8L, BOOL_TYPE, 16L, 8L, 24L, 1L));
        assertThat(PyTypes.typeOffset(read, TRUE, BOOL_TYPE)).isEqualTo(8);
    }

    @Test
    void freeThreadedBuildKeepsTheTypeAfterItsLongerHeader() {
        // ob_tid, flags/mutex/gc bits/local count packed in one word, ob_ref_shared, then ob_type.
        LongBinaryOperator read = memory(Map.of(0L, 0L, 8L, 0xFFFF_FFFF_0000_0000L, 16L, 0L, 24L, BOOL_TYPE));
        assertThat(PyTypes.typeOffset(read, TRUE, BOOL_TYPE)).isEqualTo(24);
    }

    @Test
    void unknownLayoutFailsInsteadOfGuessing() {
        LongBinaryOperator read = memory(Map.of(32L, BOOL_TYPE));
        assertThatThrownBy(() -> PyTypes.typeOffset(read, TRUE, BOOL_TYPE))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no known layout");
    }
}
