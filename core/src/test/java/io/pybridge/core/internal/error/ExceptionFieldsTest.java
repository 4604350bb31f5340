package io.pybridge.core.internal.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongBinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The fields of exceptions and traceback entries are probed, not assumed: pure, with a simulated
 * memory holding the two probe exceptions laid out as 3.11–3.13 lay them out, or otherwise.
 */
class ExceptionFieldsTest {

    private static final long NONE = 0x900;

    private static final long FULL = 0x1000;

    private static final long BARE = 0x2000;

    private static final long DICT = 0x3000;

    private static final long CONTEXT = 0x4000;

    private static final long CAUSE = 0x5000;

    private static final long FIRST = 0x6000;

    private static final long SECOND = 0x7000;

    private static final long FRAME_1 = 0x8000;

    private static final long FRAME_2 = 0x8100;

    /** Simulated memory and getattr: the probes' words by address and offset, their attributes by name. */
    private static final class Memory implements LongBinaryOperator, ExceptionFields.Probes {

        final Map<Long, Map<Long, Long>> words = new HashMap<>();

        final Map<Long, Map<String, Long>> attributes = new HashMap<>();

        /** Numbers getattr gives, by the address standing for them. */
        final Map<Long, Long> numbers = new HashMap<>();

        private long nextNumber = 0x10_0000;

        int live;

        /**
         * @param start where fields begin after the header
         * @param exceptionShift how far the traceback, context, cause and flag sit past 3.11's place
         *     (-8: 3.10, which had no {@code notes})
         */
        Memory(long start, long exceptionShift) {
            word(FULL, start, DICT);
            word(FULL, start + 24 + exceptionShift, FIRST);
            word(FULL, start + 32 + exceptionShift, CONTEXT);
            word(FULL, start + 40 + exceptionShift, CAUSE);
            word(FULL, start + 48 + exceptionShift, 0x7F00_0001L); // suppress_context 1, padding bytes after it
            word(FIRST, start, SECOND);
            word(FIRST, start + 8, FRAME_1);
            word(FIRST, start + 16, (77L << 32) | 34); // tb_lineno 77, tb_lasti 34
            word(SECOND, start + 8, FRAME_2);
            word(SECOND, start + 16, 12);
            attributes.put(FULL, Map.of("__dict__", DICT, "__context__", CONTEXT, "__cause__", CAUSE,
                    "__traceback__", FIRST, "__suppress_context__", number(1)));
            attributes.put(BARE, Map.of("__context__", NONE, "__cause__", NONE, "__traceback__", NONE,
                    "__suppress_context__", number(0)));
            attributes.put(FIRST, Map.of("tb_next", SECOND, "tb_frame", FRAME_1, "tb_lasti", number(34)));
            attributes.put(SECOND, Map.of("tb_next", NONE, "tb_frame", FRAME_2, "tb_lasti", number(12)));
        }

        private void word(long address, long offset, long value) {
            words.computeIfAbsent(address, a -> new HashMap<>()).put(offset, value);
        }

        private long number(long value) {
            long address = nextNumber++;
            numbers.put(address, value);
            return address;
        }

        @Override
        public long applyAsLong(long address, long offset) {
            return words.getOrDefault(address, Map.of()).getOrDefault(offset, 0L);
        }

        @Override
        public long attribute(long object, String name) {
            long found = attributes.getOrDefault(object, Map.of()).getOrDefault(name, 0L);
            if (found != 0) {
                live++;
            }
            return found;
        }

        @Override
        public long value(long number) {
            return numbers.get(number);
        }

        @Override
        public void release(long reference) {
            if (reference != 0) {
                live--;
            }
        }
    }

    @Test
    void theLayoutOf311To313IsReadFieldByField() {
        Memory memory = new Memory(16, 0);
        ExceptionFields fields = ExceptionFields.probe(true, memory, 8, NONE, FULL, BARE, memory);
        assertThat(fields.readable()).isTrue();
        assertThat(fields.dict(FULL)).isEqualTo(DICT);
        assertThat(fields.traceback(FULL)).isEqualTo(FIRST);
        assertThat(fields.context(FULL)).isEqualTo(CONTEXT);
        assertThat(fields.cause(FULL)).isEqualTo(CAUSE);
        assertThat(fields.contextSuppressed(FULL)).isTrue();
        assertThat(fields.contextSuppressed(BARE)).isFalse();
        assertThat(fields.nextEntry(FIRST)).isEqualTo(SECOND);
        assertThat(fields.frame(SECOND)).isEqualTo(FRAME_2);
        assertThat(fields.lastInstruction(FIRST)).isEqualTo(34);
        assertThat(memory.live).isZero();
    }

    @Test
    void anotherLayoutIsNotRead() {
        Memory withoutNotes = new Memory(16, -8);
        assertThat(ExceptionFields.probe(true, withoutNotes, 8, NONE, FULL, BARE, withoutNotes).readable()).isFalse();
        assertThat(withoutNotes.live).isZero();
    }

    @Test
    void nothingIsReadWhereReadsCostACrossingOrOnAFreeThreadedBuild() {
        Memory memory = new Memory(16, 0);
        assertThat(ExceptionFields.probe(false, memory, 8, NONE, FULL, BARE, memory).readable()).isFalse();
        Memory freeThreaded = new Memory(32, 0);
        assertThat(ExceptionFields.probe(true, freeThreaded, 24, NONE, FULL, BARE, freeThreaded).readable()).isFalse();
    }

    @Test
    void aMissingProbeOrAttributeMeansNotRead() {
        Memory memory = new Memory(16, 0);
        assertThat(ExceptionFields.probe(true, memory, 8, NONE, 0, BARE, memory).readable()).isFalse();
        memory.attributes.put(SECOND, Map.of("tb_next", NONE, "tb_frame", FRAME_2)); // no tb_lasti
        assertThat(ExceptionFields.probe(true, memory, 8, NONE, FULL, BARE, memory).readable()).isFalse();
        assertThat(memory.live).isZero();
    }
}
