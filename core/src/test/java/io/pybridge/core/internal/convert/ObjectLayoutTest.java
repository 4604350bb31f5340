package io.pybridge.core.internal.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongBinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The layouts of ints, floats and lists are probed, not assumed: pure, with a simulated memory in
 * which objects are laid out the way each CPython version lays them out.
 */
class ObjectLayoutTest {

    /** Simulated memory: address to the words of one object, by offset. Unknown words read as 0. */
    private static class Memory implements LongBinaryOperator, ObjectLayout.Probes {

        private final Map<Long, Map<Long, Long>> objects = new HashMap<>();

        private final long typeOffset;

        /** "3.12": lv_tag; "3.11": signed ob_size; "15-bit": 3.12 tags with 15-bit digits. */
        private final String ints;

        private long next = 0x10_0000;

        int live;

        Memory(long typeOffset, String ints) {
            this.typeOffset = typeOffset;
            this.ints = ints;
        }

        @Override
        public long applyAsLong(long address, long offset) {
            return objects.getOrDefault(address, Map.of()).getOrDefault(offset, 0L);
        }

        private long object(Map<Long, Long> words) {
            long address = next;
            next += 0x100;
            objects.put(address, words);
            live++;
            return address;
        }

        @Override
        public long[] ints(long[] values) {
            long[] made = new long[values.length];
            for (int i = 0; i < values.length; i++) {
                made[i] = newInt(values[i]);
            }
            return made;
        }

        long newInt(long value) {
            int bits = ints.equals("15-bit") ? 15 : 30;
            long magnitude = Math.abs(value);
            long[] digits = new long[5];
            int count = 0;
            while (magnitude != 0) {
                digits[count++] = magnitude & ((1L << bits) - 1);
                magnitude >>>= bits;
            }
            Map<Long, Long> words = new HashMap<>();
            if (ints.equals("3.11")) {
                words.put(typeOffset + 8, value < 0 ? (long) -count : count);
            }
            else {
                words.put(typeOffset + 8, (long) count << 3 | (value < 0 ? 2 : value == 0 ? 1 : 0));
            }
            // Digits as 32-bit words (or 16-bit ones), little-endian, two (four) to a 64-bit word.
            int perWord = bits == 15 ? 4 : 2;
            for (int i = 0; i < count; i++) {
                long offset = typeOffset + 16 + 8L * (i / perWord);
                long shift = (64L / perWord) * (i % perWord);
                words.merge(offset, digits[i] << shift, (a, b) -> a | b);
            }
            return object(words);
        }

        @Override
        public long newFloat(double value) {
            return object(new HashMap<>(Map.of(typeOffset + 8, Double.doubleToRawLongBits(value))));
        }

        @Override
        public long newList(long[] items) {
            Map<Long, Long> array = new HashMap<>();
            for (int i = 0; i < items.length; i++) {
                array.put(8L * i, items[i]);
            }
            long itemArray = object(array);
            live--; // the item array belongs to the list
            return object(new HashMap<>(Map.of(typeOffset + 8, (long) items.length, typeOffset + 16, itemArray)));
        }

        @Override
        public void release(long reference) {
            if (reference != 0 && objects.remove(reference) != null) {
                live--;
            }
        }
    }

    @Test
    void taggedIntsOf312AndLaterAreReadUpToTwoDigits() {
        Memory memory = new Memory(8, "3.12");
        ObjectLayout layout = ObjectLayout.probe(true, memory, 8, memory);
        assertThat(layout.readsInts()).isTrue();
        assertThat(layout.readsFloats()).isTrue();
        assertThat(layout.readsLists()).isTrue();
        assertThat(memory.live).as("every probe object released").isZero();
        for (long value : new long[] { 0, 1, -1, 255, -5, 1L << 30, -(1L << 30), (1L << 60) - 1, -((1L << 60) - 1) }) {
            long obj = memory.newInt(value);
            assertThat(layout.isCompactInt(obj)).isTrue();
            assertThat(layout.compactIntValue(obj)).isEqualTo(value);
        }
        assertThat(layout.isCompactInt(memory.newInt(1L << 60))).isFalse();
        assertThat(layout.isCompactInt(memory.newInt(Long.MIN_VALUE))).isFalse();
        assertThat(layout.floatValue(memory.newFloat(-2.5))).isEqualTo(-2.5);
    }

    @Test
    void signedSizeIntsOf311AreReadToo() {
        Memory memory = new Memory(8, "3.11");
        ObjectLayout layout = ObjectLayout.probe(true, memory, 8, memory);
        assertThat(layout.readsInts()).isTrue();
        long obj = memory.newInt(-((1L << 59) + 7));
        assertThat(layout.compactIntValue(obj)).isEqualTo(-((1L << 59) + 7));
        assertThat(layout.isCompactInt(memory.newInt(Long.MAX_VALUE))).isFalse();
    }

    @Test
    void listsAreReadThroughTheirItemArray() {
        Memory memory = new Memory(8, "3.11");
        ObjectLayout layout = ObjectLayout.probe(true, memory, 8, memory);
        long list = memory.newList(new long[] { memory.newInt(7), memory.newInt(-(1L << 40)) });
        long items = layout.listItems(list);
        assertThat(layout.listSize(list)).isEqualTo(2);
        assertThat(layout.compactIntValue(layout.item(items, 1))).isEqualTo(-(1L << 40));
    }

    @Test
    void freeThreadedHeaderMovesTheFieldsAlongAndListsAreLeftToTheCApi() {
        Memory memory = new Memory(24, "3.12");
        ObjectLayout layout = ObjectLayout.probe(true, memory, 24, memory);
        assertThat(memory.live).isZero();
        assertThat(layout.readsInts()).isTrue();
        assertThat(layout.compactIntValue(memory.newInt(-(1L << 40)))).isEqualTo(-(1L << 40));
        assertThat(layout.readsLists()).as("other threads change lists in parallel there").isFalse();
    }

    @Test
    void anUnknownIntLayoutIsNotRead() {
        Memory memory = new Memory(8, "15-bit");
        ObjectLayout layout = ObjectLayout.probe(true, memory, 8, memory);
        assertThat(layout.readsInts()).isFalse();
        assertThat(layout.readsFloats()).as("floats do not depend on digits").isTrue();
        assertThat(memory.live).isZero();
    }

    @Test
    void aBindingWhoseReadsAreNativeCallsReadsNothing() {
        Memory memory = new Memory(8, "3.12");
        ObjectLayout layout = ObjectLayout.probe(false, memory, 8, memory);
        assertThat(layout.readsInts()).isFalse();
        assertThat(layout.readsFloats()).isFalse();
        assertThat(layout.readsLists()).isFalse();
        assertThat(memory.live).as("nothing was made").isZero();
    }

    @Test
    void probesThatCouldNotBeMadeMeanNothingIsRead() {
        Memory memory = new Memory(8, "3.12") {
            @Override
            public long newFloat(double value) {
                return 0; // MemoryError at boot
            }
        };
        ObjectLayout layout = ObjectLayout.probe(true, memory, 8, memory);
        assertThat(layout.readsFloats()).isFalse();
        assertThat(layout.readsInts()).isTrue();
    }
}
