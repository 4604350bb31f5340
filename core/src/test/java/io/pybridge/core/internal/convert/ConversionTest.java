package io.pybridge.core.internal.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pybridge.core.CPythonTest;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.SharedRuntime;
import io.pybridge.core.TypeRef;
import io.pybridge.core.exception.PythonConversionException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Java → Python → Java round trips through a Python identity function, and Python-side types. */
@CPythonTest
class ConversionTest {

    private static final String MOD = "pybridge_testmod";

    final PythonTemplate python = template();

    /** Where the conversions run: the main interpreter here, the worker processes in a subclass. */
    PythonTemplate template() {
        return SharedRuntime.template();
    }

    private Object echo(Object value) {
        return python.call(MOD, "echo", value);
    }

    private String pythonType(Object value) {
        return python.callForObject(MOD, "type_name", String.class, value);
    }

    enum Color { RED, GREEN }

    static Stream<Arguments> scalars() {
        return Stream.of(
                Arguments.of(null, "NoneType", null),
                Arguments.of(true, "bool", true),
                Arguments.of(false, "bool", false),
                Arguments.of((byte) -128, "int", -128L),
                Arguments.of((short) 32767, "int", 32767L),
                Arguments.of(Integer.MIN_VALUE, "int", (long) Integer.MIN_VALUE),
                Arguments.of(Long.MAX_VALUE, "int", Long.MAX_VALUE),
                Arguments.of(Long.MIN_VALUE, "int", Long.MIN_VALUE),
                Arguments.of(0L, "int", 0L),
                Arguments.of(-1L, "int", -1L),
                Arguments.of(1.5, "float", 1.5),
                Arguments.of(-0.0, "float", -0.0),
                Arguments.of(Double.MAX_VALUE, "float", Double.MAX_VALUE),
                Arguments.of(Double.MIN_VALUE, "float", Double.MIN_VALUE),
                Arguments.of(Double.POSITIVE_INFINITY, "float", Double.POSITIVE_INFINITY),
                Arguments.of(Double.NEGATIVE_INFINITY, "float", Double.NEGATIVE_INFINITY),
                Arguments.of(0.25f, "float", 0.25),
                Arguments.of("", "str", ""),
                Arguments.of("plain ascii", "str", "plain ascii"),
                Arguments.of("héllo wörld — ñ 日本語", "str", "héllo wörld — ñ 日本語"),
                Arguments.of("astral 😀 𝄞 \uD83D\uDE00", "str", "astral 😀 𝄞 \uD83D\uDE00"),
                Arguments.of("nul\u0000inside", "str", "nul\u0000inside"),
                Arguments.of('x', "str", "x"),
                Arguments.of(Color.GREEN, "str", "GREEN"));
    }

    @ParameterizedTest
    @MethodSource("scalars")
    void scalarRoundTrip(Object value, String type, Object back) {
        assertThat(pythonType(value)).isEqualTo(type);
        assertThat(echo(value)).isEqualTo(back);
    }

    @Test
    void smallIntSingletonsAndTheirNeighboursConvertExactly() {
        for (long value = -8; value <= 260; value++) {
            assertThat(python.call(MOD, "add", value, 0)).isEqualTo(value);
        }
        // Passing the shared singletons without refcounting leaves them intact and identical.
        assertThat(python.eval("all(a is b for a, b in zip(range(-5, 257), range(-5, 257)))", Boolean.class)).isTrue();
        assertThat(python.call(MOD, "echo", (Object) null)).isNull();
        assertThat(python.call(MOD, "type_name", 256)).isEqualTo("int");
    }

    @Test
    void nanSurvives() {
        assertThat(pythonType(Double.NaN)).isEqualTo("float");
        assertThat((Double) echo(Double.NaN)).isNaN();
        assertThat(python.eval("float('nan')", Double.class)).isNaN();
    }

    @Test
    void loneSurrogatesCrossBothWaysUnchanged() {
        String lone = "a\uD800b\uDFFFc\uDBFF";
        assertThat(echo(lone)).isEqualTo(lone);
        assertThat(python.eval("[hex(ord(c)) for c in s]", Map.of("s", lone), new TypeRef<List<String>>() { }))
                .containsExactly("0x61", "0xd800", "0x62", "0xdfff", "0x63", "0xdbff");
        assertThat(python.eval("'\\udc80' + 'x'", String.class)).isEqualTo("\uDC80x");
        // A proper pair is one astral code point in Python, two chars in Java.
        assertThat((Long) python.eval("len(s)", Map.of("s", "😀"), Long.class)).isEqualTo(1L);
        assertThat(python.eval("chr(0x1F600)", String.class)).isEqualTo("😀");
    }

    @Test
    void bigIntegersKeepEveryDigit() {
        BigInteger huge = BigInteger.TWO.pow(200).negate().add(BigInteger.valueOf(12345));
        assertThat(echo(huge)).isEqualTo(huge);
        assertThat(echo(BigInteger.valueOf(7))).isEqualTo(7L);
        assertThat(python.eval("2**64", Object.class)).isEqualTo(BigInteger.TWO.pow(64));
        assertThat(python.eval("-(2**63)", Long.class)).isEqualTo(Long.MIN_VALUE);
        // Past CPython's 4300-digit str limit: the hex path is not limited.
        BigInteger enormous = BigInteger.TEN.pow(5000).add(BigInteger.ONE);
        assertThat(echo(enormous)).isEqualTo(enormous);
        assertThat(python.eval("10**5000 + 1", BigInteger.class)).isEqualTo(enormous);
    }

    @Test
    void noSilentOverflow() {
        assertThatThrownBy(() -> python.eval("2**31", Integer.class))
                .isInstanceOf(PythonConversionException.class).hasMessageContaining("2147483648")
                .hasMessageContaining("java.lang.Integer");
        assertThatThrownBy(() -> python.eval("2**63", Long.class)).isInstanceOf(PythonConversionException.class);
        assertThatThrownBy(() -> python.eval("-129", Byte.class)).isInstanceOf(PythonConversionException.class);
        assertThatThrownBy(() -> python.eval("40000", short.class)).isInstanceOf(PythonConversionException.class);
        assertThat(python.eval("2**31 - 1", int.class)).isEqualTo(Integer.MAX_VALUE);
        assertThat(python.eval("-2**15", Short.class)).isEqualTo((short) -32768);
    }

    @Test
    void typedScalars() {
        assertThat(python.eval("3", Double.class)).isEqualTo(3.0);
        assertThat(python.eval("1.5", float.class)).isEqualTo(1.5f);
        assertThat(python.eval("True", boolean.class)).isTrue();
        assertThat(python.eval("'z'", char.class)).isEqualTo('z');
        assertThat(python.eval("'GREEN'", Color.class)).isEqualTo(Color.GREEN);
        assertThat(python.eval("2.5", BigDecimal.class)).isEqualTo(new BigDecimal("2.5"));
        assertThat(python.eval("None", String.class)).isNull();
        assertThat(python.eval("None", Optional.class)).isEmpty();
        assertThat(python.eval("7", Number.class)).isEqualTo(7L);
        assertThatThrownBy(() -> python.eval("None", int.class)).isInstanceOf(PythonConversionException.class)
                .hasMessageContaining("None");
        assertThatThrownBy(() -> python.eval("'1'", Integer.class)).isInstanceOf(PythonConversionException.class)
                .hasMessageContaining("'str'");
        assertThatThrownBy(() -> python.eval("1", Boolean.class)).isInstanceOf(PythonConversionException.class);
        assertThatThrownBy(() -> python.eval("1e300", Float.class)).isInstanceOf(PythonConversionException.class)
                .hasMessageContaining("does not fit");
        assertThat(python.eval("float('inf')", Float.class)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThatThrownBy(() -> python.eval("float('nan')", BigDecimal.class))
                .isInstanceOf(PythonConversionException.class);
        assertThatThrownBy(() -> python.eval("'BLUE'", Color.class)).isInstanceOf(PythonConversionException.class)
                .hasMessageContaining("BLUE");
    }

    @Test
    void aValueWithoutNaturalFormIsAHandle() {
        // No natural Java form: a handle (see PythonObjectTest); a specific type still fails clearly.
        assertThat(python.eval("object()", Object.class)).isInstanceOf(io.pybridge.core.PythonObject.class);
        assertThatThrownBy(() -> python.eval("object()", String.class)).isInstanceOf(PythonConversionException.class)
                .hasMessageContaining("'object'");
    }

    @Test
    void bytes() {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        assertThat(pythonType(all)).isEqualTo("bytes");
        assertThat((byte[]) echo(all)).isEqualTo(all);
        assertThat((byte[]) echo(new byte[0])).isEmpty();
        assertThat(python.eval("bytearray(b'\\x00\\xff')", byte[].class)).containsExactly(0, -1);
    }

    @Test
    void nestedCollections() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("numbers", List.of(1L, 2L, 3L));
        nested.put("words", Set.of("only"));
        nested.put("inner", Map.of("deep", List.of(Map.of("x", 1.5))));
        nested.put("none", null);
        nested.put("bytes", List.of("a", true));
        assertThat(pythonType(nested)).isEqualTo("dict");
        assertThat(pythonType(List.of(1))).isEqualTo("list");
        assertThat(pythonType(new LinkedHashSet<>(List.of(1, 2)))).isEqualTo("set");
        assertThat(pythonType(new String[] { "a" })).isEqualTo("list");
        assertThat(pythonType(new int[] { 1 })).isEqualTo("list");
        assertThat(echo(nested)).isEqualTo(nested);
        assertThat(echo(Map.of(1L, "one"))).isEqualTo(Map.of(1L, "one"));
        assertThat(python.eval("(1, 'a', None)")).isEqualTo(Arrays.asList(1L, "a", null));
        assertThat(python.eval("frozenset([3])")).isEqualTo(Set.of(3L));
        assertThat(python.eval("{'b': 1, 'a': 2}", Map.class).keySet()).containsExactly("b", "a");
    }

    @Test
    void genericTargets() {
        Map<String, List<Integer>> typed = python.eval("{'a': [1, 2], 'b': []}", Map.of(),
                new TypeRef<Map<String, List<Integer>>>() { });
        assertThat(typed).isEqualTo(Map.of("a", List.of(1, 2), "b", List.of()));
        assertThat(typed.get("a").get(0)).isInstanceOf(Integer.class);
        List<Optional<String>> optionals = python.callForObject(MOD, "echo", new TypeRef<List<Optional<String>>>() { },
                Arrays.asList("x", null));
        assertThat(optionals).containsExactly(Optional.of("x"), Optional.empty());
        Set<Double> doubles = python.eval("{1.5, 2}", Map.of(), new TypeRef<Set<Double>>() { });
        assertThat(doubles).containsExactlyInAnyOrder(1.5, 2.0);
        assertThat(python.eval("[[1, 2], [3]]", long[][].class)).isEqualTo(new long[][] { { 1, 2 }, { 3 } });
        assertThat(python.eval("['a', 'b']", String[].class)).containsExactly("a", "b");
        assertThatThrownBy(() -> python.eval("[1, 'x']", Map.of(), new TypeRef<List<Integer>>() { }))
                .isInstanceOf(PythonConversionException.class).hasMessageContaining("[1]");
    }

    @Test
    void largeNumericListsUseThePackedPathAndStayExact() {
        List<Integer> ints = IntStream.range(-500, 500).boxed().toList();
        assertThat(python.callForObject(MOD, "echo", new TypeRef<List<Integer>>() { }, ints)).isEqualTo(ints);
        List<Long> longs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            longs.add(Long.MAX_VALUE - i);
        }
        assertThat(echo(longs)).isEqualTo(longs);
        List<Double> doubles = IntStream.range(0, 100).mapToObj(i -> i / 3.0).toList();
        assertThat(echo(doubles)).isEqualTo(doubles);
        long[] primitive = IntStream.range(0, 64).mapToLong(i -> (long) i * i).toArray();
        assertThat(python.callForObject(MOD, "echo", long[].class, (Object) primitive)).isEqualTo(primitive);
        double[] ds = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17.5 };
        assertThat(python.callForObject(MOD, "echo", double[].class, (Object) ds)).isEqualTo(ds);
        // Mixed, with bools, or past 64 bits: the item-by-item path keeps the exact types.
        List<Object> mixed = new ArrayList<>(IntStream.range(0, 40).mapToObj(i -> (Object) (long) i).toList());
        mixed.add(true);
        mixed.add(BigInteger.TWO.pow(70));
        assertThat(echo(mixed)).isEqualTo(mixed);
        assertThat(python.eval("[2**40] * 20 + [2**64]")).asList().last().isEqualTo(BigInteger.TWO.pow(64));
        assertThatThrownBy(() -> python.eval("list(range(2**31, 2**31 + 20))", Map.of(),
                new TypeRef<List<Integer>>() { })).isInstanceOf(PythonConversionException.class);
    }

    /**
     * Lists whose ints and floats the FFM binding reads from memory (see ObjectLayout): values at
     * every digit boundary and of both signs, the ones past 60 bits (C API), bools and int
     * subclasses (never read as plain ints), and Integer targets out of range.
     */
    @Test
    void listsReadItemByItemFromMemoryKeepEveryValueAndType() {
        String values = "[0, 1, -1, 256, 257, -5, -6, 2**30 - 1, 2**30, -2**30, 2**60 - 1, -(2**60 - 1), 2**60, "
                + "-2**60, 2**63 - 1, -2**63, 2**64, 1.5, -0.0, float('inf'), True, False, None, 'x']";
        List<Object> expected = Arrays.asList(0L, 1L, -1L, 256L, 257L, -5L, -6L, (1L << 30) - 1, 1L << 30, -(1L << 30),
                (1L << 60) - 1, -((1L << 60) - 1), 1L << 60, -(1L << 60), Long.MAX_VALUE, Long.MIN_VALUE,
                BigInteger.TWO.pow(64), 1.5, -0.0, Double.POSITIVE_INFINITY, true, false, null, "x");
        assertThat(python.eval(values)).isEqualTo(expected);
        assertThat(python.eval("[1, 2.5, 2**70]", Map.of(), new TypeRef<List<Double>>() { }))
                .as("ints as Double go through the C API").containsExactly(1.0, 2.5, Math.pow(2, 70));
        assertThatThrownBy(() -> python.eval("[1.5, True]", Map.of(), new TypeRef<List<Double>>() { }))
                .isInstanceOf(PythonConversionException.class).hasMessageContaining("[1]");
        python.exec("import enum\nclass Level(enum.IntEnum):\n    HIGH = 2**40\n");
        assertThat(python.eval("[Level.HIGH, 3]", Map.of(), new TypeRef<List<Long>>() { }))
                .containsExactly(1L << 40, 3L);
        assertThat(python.eval("[2**31 - 1, -2**31]", Map.of(), new TypeRef<List<Integer>>() { }))
                .containsExactly(Integer.MAX_VALUE, Integer.MIN_VALUE);
        assertThatThrownBy(() -> python.eval("[1, 2, 2**31]", Map.of(), new TypeRef<List<Integer>>() { }))
                .isInstanceOf(PythonConversionException.class).hasMessageContaining("[2]")
                .hasMessageContaining("does not fit in java.lang.Integer");
        assertThatThrownBy(() -> python.eval("[1, 2**64]", Map.of(), new TypeRef<List<Long>>() { }))
                .isInstanceOf(PythonConversionException.class).hasMessageContaining("[1]");
        assertThat(python.eval("list(range(-3000, 3000, 7))", int[].class))
                .isEqualTo(IntStream.iterate(-3000, i -> i < 3000, i -> i + 7).toArray());
    }

    record Probe(long value) {
    }

    /**
     * Converting an item may run Python code that empties the list being read: no freed item or
     * item array is read, and the conversion fails rather than return part of the list.
     */
    @Test
    void aListChangedWhileItsItemsAreConvertedFailsWithoutReadingFreedMemory() {
        python.exec(String.join("\n",
                "class Shrinking:",
                "    def __init__(self, owner):",
                "        self.owner = owner",
                "    @property",
                "    def value(self):",
                "        self.owner.clear()",
                "        return 7",
                "shrinking = []",
                "shrinking.extend([Shrinking(shrinking), Shrinking(shrinking), Shrinking(shrinking)])",
                ""));
        assertThatThrownBy(() -> python.eval("shrinking", Map.of(), new TypeRef<List<Probe>>() { }))
                .isInstanceOf(PythonConversionException.class).hasMessageContaining("changed size");
        // A list dropped by its only owner, a dict, while its first item converts.
        python.exec(String.join("\n",
                "class Dropping:",
                "    @property",
                "    def value(self):",
                "        holder.pop('k', None)",
                "        return 8",
                "holder = {'k': [Dropping(), Dropping()]}",
                ""));
        assertThat(python.eval("holder", Map.of(), new TypeRef<Map<String, List<Probe>>>() { }))
                .containsExactly(Map.entry("k", List.of(new Probe(8), new Probe(8))));
        // A dict entry deleted while its value converts.
        python.exec(String.join("\n",
                "class Deleting:",
                "    @property",
                "    def value(self):",
                "        table.pop('a', None)",
                "        return 9",
                "table = {'a': Deleting()}",
                ""));
        assertThat(python.eval("table", Map.of(), new TypeRef<Map<String, Probe>>() { }))
                .containsExactly(Map.entry("a", new Probe(9)));
    }

    @Test
    void cyclesAreDetected() {
        List<Object> self = new ArrayList<>();
        self.add(1);
        self.add(self);
        assertThatThrownBy(() -> echo(self)).isInstanceOf(PythonConversionException.class)
                .hasMessageContaining("contains itself").hasMessageContaining("args[0][1]");
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("b", List.of(a));
        assertThatThrownBy(() -> echo(a)).isInstanceOf(PythonConversionException.class);
        assertThatThrownBy(() -> python.eval("(lambda l: (l.append(l), l)[1])([])"))
                .isInstanceOf(PythonConversionException.class).hasMessageContaining("deeper");
        // The same object twice (no cycle) is fine.
        List<Integer> shared = List.of(1);
        assertThat(echo(List.of(shared, shared))).isEqualTo(List.of(List.of(1L), List.of(1L)));
    }

    @Test
    void unsupportedArgumentsNameTypeAndPath() {
        assertThatThrownBy(() -> python.call(MOD, "echo", Map.of("k", List.of(1, new Object()))))
                .isInstanceOf(PythonConversionException.class)
                .hasMessageContaining("java.lang.Object").hasMessageContaining("args[0][\"k\"][1]");
        assertThatThrownBy(() -> python.eval("x", Map.of("x", Thread.currentThread())))
                .isInstanceOf(PythonConversionException.class).hasMessageContaining("variables[\"x\"]");
        // The interpreter is fine afterwards.
        assertThat(python.call(MOD, "add", 1, 2)).isEqualTo(3L);
    }
}
