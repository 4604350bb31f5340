package io.pybridge.core.internal.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pybridge.core.NdArray;
import io.pybridge.core.PythonName;
import io.pybridge.core.PythonObject;
import io.pybridge.core.TypeRef;
import io.pybridge.core.exception.PythonConversionException;
import io.pybridge.core.runtime.NameMapping;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** Result trees as requested Java types, row by row of conversion.md's "Python → Java" tables. */
class ResultReaderTest {

    private final ResultReader reader = new ResultReader(NameMapping.SNAKE_CASE);

    enum Unit {
        KM, MI
    }

    record Conversion(double amount, String fromUnit, Unit toUnit) {
    }

    record Named(@PythonName("from") String source, int count) {
    }

    record WithOptional(String name, Optional<String> note, Optional<Integer> count) {
    }

    record Positive(int value) {
        Positive {
            if (value <= 0) {
                throw new IllegalArgumentException("not positive: " + value);
            }
        }
    }

    record Report(List<Conversion> rows, Map<String, Long> totals) {
    }

    record Node(String name, List<Node> children) {
    }

    private Object read(Object tree, Type type) {
        return reader.read(tree, type);
    }

    private AbstractThrowableAssert<?, ? extends Throwable> failing(Object tree, Type type) {
        return assertThatThrownBy(() -> reader.read(tree, type)).isInstanceOf(PythonConversionException.class);
    }

    private static Map<Object, Object> dict(Object... keysAndValues) {
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void theNaturalMappingGivesTheTreeWithMutableContainers() {
        assertThat(read(null, Object.class)).isNull();
        assertThat(read(true, Object.class)).isEqualTo(true);
        assertThat(read(3L, Object.class)).isEqualTo(3L);
        BigInteger big = BigInteger.TEN.pow(30);
        assertThat(read(big, Object.class)).isEqualTo(big);
        assertThat(read(Double.NaN, Object.class)).isEqualTo(Double.NaN);
        assertThat(read("s", Object.class)).isEqualTo("s");
        assertThat(read(new byte[] { 1 }, Object.class)).isEqualTo(new byte[] { 1 });
        NdArray array = NdArray.of(new long[] { 1, 2 });
        assertThat(read(array, Object.class)).isSameAs(array);
        Object list = read(List.of(1L, List.of("a"), dict("k", Set.of(2L))), Object.class);
        assertThat(list).isInstanceOf(ArrayList.class).isEqualTo(List.of(1L, List.of("a"), Map.of("k", Set.of(2L))));
        assertThat(((List<?>) list).get(2)).isInstanceOf(LinkedHashMap.class);
        assertThat(((Map<?, ?>) ((List<?>) list).get(2)).get("k")).isInstanceOf(LinkedHashSet.class);
        assertThat(read(dict("b", 1L, "a", 2L), Object.class)).isInstanceOf(LinkedHashMap.class)
                .asString().isEqualTo("{b=1, a=2}");
    }

    @Test
    void voidDiscardsAndNoneIsNullExceptForPrimitives() {
        assertThat(read("anything", void.class)).isNull();
        assertThat(read(List.of(1L), Void.class)).isNull();
        assertThat(read(null, String.class)).isNull();
        assertThat(read(null, Conversion.class)).isNull();
        assertThat(read(null, Optional.class)).isEqualTo(Optional.empty());
        failing(null, int.class).hasMessage("Cannot convert Python None to int");
        failing(null, boolean.class).hasMessage("Cannot convert Python None to boolean");
    }

    @Test
    void stringsTakeOnlyStr() {
        assertThat(read("text", String.class)).isEqualTo("text");
        assertThat(read("text", CharSequence.class)).isEqualTo("text");
        failing(1L, String.class).hasMessage("Cannot convert Python 'int' to java.lang.String");
        failing(new byte[0], String.class).hasMessage("Cannot convert Python 'bytes' to java.lang.String");
    }

    @Test
    void integersAreRangeCheckedAndTakeBool() {
        assertThat(read(5L, Long.class)).isEqualTo(5L);
        assertThat(read(5L, long.class)).isEqualTo(5L);
        assertThat(read(-7L, int.class)).isEqualTo(-7);
        assertThat(read(true, Integer.class)).isEqualTo(1);
        assertThat(read(false, long.class)).isEqualTo(0L);
        assertThat(read(300L, short.class)).isEqualTo((short) 300);
        assertThat(read(-128L, Byte.class)).isEqualTo((byte) -128);
        failing(1L << 31, Integer.class).hasMessage("Python int 2147483648 does not fit in java.lang.Integer");
        failing(1L << 31, int.class).hasMessage("Python int 2147483648 does not fit in int");
        failing(40000L, Short.class).hasMessage("Python int 40000 does not fit in java.lang.Short");
        failing(128L, byte.class).hasMessage("Python int 128 does not fit in byte");
        failing(BigInteger.TWO.pow(70), Long.class)
                .hasMessage("Python int 1180591620717411303424 does not fit in java.lang.Long");
        failing(1.5, Long.class).hasMessage("Cannot convert Python 'float' to java.lang.Long");
        failing("1", int.class).hasMessage("Cannot convert Python 'str' to int");
    }

    @Test
    void bigIntegersTakeAnyInt() {
        assertThat(read(5L, BigInteger.class)).isEqualTo(BigInteger.valueOf(5));
        assertThat(read(BigInteger.TWO.pow(70), BigInteger.class)).isEqualTo(BigInteger.TWO.pow(70));
        assertThat(read(true, BigInteger.class)).isEqualTo(BigInteger.ONE);
        failing(1.0, BigInteger.class).hasMessage("Cannot convert Python 'float' to java.math.BigInteger");
    }

    @Test
    void doublesAndFloatsTakeFloatAndInt() {
        assertThat(read(2.5, Double.class)).isEqualTo(2.5);
        assertThat(read(3L, double.class)).isEqualTo(3.0);
        assertThat(read(BigInteger.TWO.pow(70), Double.class)).isEqualTo(Math.pow(2, 70));
        assertThat(read(Double.POSITIVE_INFINITY, double.class)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(read(1.5, Float.class)).isEqualTo(1.5f);
        assertThat(read(Double.NaN, float.class)).isEqualTo(Float.NaN);
        assertThat(read(Double.NEGATIVE_INFINITY, Float.class)).isEqualTo(Float.NEGATIVE_INFINITY);
        failing(1.0E300, Float.class).hasMessage("Python float 1.0E300 does not fit in java.lang.Float");
        failing(true, Double.class).hasMessage("Cannot convert Python 'bool' to java.lang.Double");
        failing(BigInteger.TWO.pow(1100), double.class).hasMessageContaining("too large to convert to float");
    }

    @Test
    void booleansTakeOnlyBool() {
        assertThat(read(true, Boolean.class)).isEqualTo(true);
        assertThat(read(false, boolean.class)).isEqualTo(false);
        failing(1L, Boolean.class).hasMessage("Cannot convert Python 'int' to java.lang.Boolean");
    }

    @Test
    void charactersTakeOneUtf16Unit() {
        assertThat(read("x", char.class)).isEqualTo('x');
        assertThat(read("\uD800", Character.class)).isEqualTo('\uD800');
        failing("\uD83D\uDE00", char.class).hasMessage("Cannot convert a Python str of length 2 to char");
        failing("", Character.class).hasMessage("Cannot convert a Python str of length 0 to java.lang.Character");
        failing(1L, char.class).hasMessage("Cannot convert Python 'int' to char");
    }

    @Test
    void bigDecimalsAreExactFromIntsAndValueOfFromFloats() {
        assertThat(read(BigInteger.TEN.pow(25), BigDecimal.class)).isEqualTo(new BigDecimal(BigInteger.TEN.pow(25)));
        assertThat(read(0.1, BigDecimal.class)).isEqualTo(new BigDecimal("0.1"));
        failing(Double.NaN, BigDecimal.class).hasMessage("Python float NaN has no java.math.BigDecimal value");
        failing(Double.POSITIVE_INFINITY, BigDecimal.class)
                .hasMessage("Python float Infinity has no java.math.BigDecimal value");
        failing(true, BigDecimal.class).hasMessage("Cannot convert Python 'bool' to java.math.BigDecimal");
    }

    @Test
    void numbersAreNatural() {
        assertThat(read(3L, Number.class)).isEqualTo(3L);
        assertThat(read(2.5, Number.class)).isEqualTo(2.5);
        assertThat(read(BigInteger.TWO.pow(64), Number.class)).isEqualTo(BigInteger.TWO.pow(64));
        failing("3", Number.class).hasMessage("Cannot convert Python 'str' to java.lang.Number");
        failing(true, Number.class).hasMessage("Cannot convert Python 'bool' to java.lang.Number");
    }

    @Test
    void bytesTakeBytes() {
        assertThat(read(new byte[] { 1, 2 }, byte[].class)).isEqualTo(new byte[] { 1, 2 });
        failing("ab", byte[].class).hasMessage("Cannot convert Python 'str' to [B");
        failing(List.of(1L, 2L), byte[].class).hasMessage("Cannot convert Python 'list' to [B");
    }

    @Test
    void arraysTakeListsAndSets() {
        assertThat(read(List.of("a", "b"), String[].class)).isEqualTo(new String[] { "a", "b" });
        assertThat(read(new LinkedHashSet<>(List.of(3L, 4L)), long[].class)).isEqualTo(new long[] { 3, 4 });
        assertThat(read(List.of(1L, true), int[].class)).isEqualTo(new int[] { 1, 1 });
        assertThat(read(List.of(List.of(1.0), List.of(2.0, 3L)), double[][].class))
                .isEqualTo(new double[][] { { 1 }, { 2, 3 } });
        assertThat(read(List.of(List.of("KM")), new TypeRef<List<Unit>[]>() { }.getType()))
                .isEqualTo(new Object[] { List.of(Unit.KM) });
        assertThat(read(List.of("x", "y"), char[].class)).isEqualTo(new char[] { 'x', 'y' });
        failing(Arrays.asList(1L, null), int[].class).hasMessage("Cannot store Python None in int[] (at [1])");
        failing(List.of(1L, "2"), Integer[].class).hasMessage("Cannot convert Python 'str' to java.lang.Integer (at [1])");
        failing("abc", String[].class).hasMessage("Cannot convert Python 'str' to java.util.List: a list or tuple is needed");
        failing(dict("a", 1L), Object[].class)
                .hasMessage("Cannot convert Python 'dict' to java.util.List: a list or tuple is needed");
    }

    @Test
    void primitiveArraysAndNdArrayTakeNumpyArraysOfTheirDtype() {
        NdArray flat = NdArray.of(new double[] { 1, 2, 3, 4 });
        NdArray square = NdArray.of(new double[] { 1, 2, 3, 4 }, 2, 2);
        assertThat(read(flat, double[].class)).isEqualTo(new double[] { 1, 2, 3, 4 });
        assertThat(read(square, double[][].class)).isEqualTo(new double[][] { { 1, 2 }, { 3, 4 } });
        assertThat(read(NdArray.of(new long[] { 5 }), long[].class)).isEqualTo(new long[] { 5 });
        assertThat(read(NdArray.of(new int[] { 6 }), int[].class)).isEqualTo(new int[] { 6 });
        assertThat(read(NdArray.of(new float[] { 7 }), float[].class)).isEqualTo(new float[] { 7 });
        assertThat(read(square, NdArray.class)).isSameAs(square);
        failing(flat, long[].class).hasMessage("Cannot convert a numpy array of dtype FLOAT64 and shape [4] to long[]: "
                + "request double[] or NdArray");
        failing(List.of(1.0), NdArray.class).hasMessage("Cannot convert Python 'list' to NdArray: a numpy array is needed");
    }

    @Test
    void aNumpyViewOfASmallArrayIsADirectReadOnlyCopy() {
        NdArray.NumpyView view = (NdArray.NumpyView) read(NdArray.of(new int[] { 1, 2, 3, 4 }, 2, 2), NdArray.NumpyView.class);
        assertThat(view.dtype()).isEqualTo(NdArray.DType.INT32);
        assertThat(view.shape()).containsExactly(2, 2);
        assertThat(view.buffer().isDirect()).isTrue();
        assertThat(view.buffer().isReadOnly()).isTrue();
        assertThat(((java.nio.IntBuffer) view.buffer()).get(3)).isEqualTo(4);
        NdArray.NumpyView signed = (NdArray.NumpyView) read(NdArray.of(new byte[] { -1 }), NdArray.NumpyView.class);
        assertThat(signed.dtype()).isEqualTo(NdArray.DType.INT8);
        failing(List.of(1.0), NdArray.NumpyView.class)
                .hasMessage("Cannot convert Python 'list' to NdArray: a numpy array is needed");
    }

    @Test
    void listsTakeNumpyArraysItemByItem() {
        assertThat(read(NdArray.of(new double[] { 1, 2 }), new TypeRef<List<Double>>() { }.getType()))
                .isEqualTo(List.of(1.0, 2.0));
        assertThat(read(NdArray.ofUnsigned(new byte[] { (byte) 255 }), List.class)).isEqualTo(List.of(255L));
        assertThat(read(NdArray.of(new int[] { 1, 2, 3, 4 }, 2, 2), List.class))
                .isEqualTo(List.of(NdArray.of(new int[] { 1, 2 }), NdArray.of(new int[] { 3, 4 })));
    }

    @Test
    void recordsComeFromTheirComponentValuesInOrder() {
        assertThat(read(List.of(2.5, "km", "MI"), Conversion.class)).isEqualTo(new Conversion(2.5, "km", Unit.MI));
        assertThat(read(List.of(1L, "m", "KM"), Conversion.class)).isEqualTo(new Conversion(1, "m", Unit.KM));
        assertThat(read(List.of(List.of(List.of(1.0, "a", "KM")), dict("x", 3L)), Report.class))
                .isEqualTo(new Report(List.of(new Conversion(1, "a", Unit.KM)), Map.of("x", 3L)));
        failing(List.of(2.5, 3L, "MI"), Conversion.class)
                .hasMessage("Cannot convert Python 'int' to java.lang.String (at .fromUnit)");
        failing(List.of(List.of(List.of(1.0, "a", "XX")), dict()), Report.class)
                .hasMessage("'XX' is not a constant of " + Unit.class.getName() + " (at .rows[0].toUnit)");
        failing(Arrays.asList("a", null), Named.class).hasMessage("Cannot convert Python None to int (at .count)");
    }

    @Test
    void aMissingComponentFailsAsInProcessSaysForDictsAndObjects() {
        failing(List.of(1.0, WireTree.MISSING, "KM", List.of("dict", "key")), Conversion.class)
                .hasMessage("Cannot convert Python 'dict' to " + Conversion.class.getName()
                        + ": it has no key 'fromUnit' (nor 'from_unit')");
        failing(List.of(WireTree.MISSING, "a", "KM", List.of("Rate", "attribute")), Conversion.class)
                .hasMessage("Cannot convert Python 'Rate' to " + Conversion.class.getName()
                        + ": it has no attribute 'amount'");
        failing(Arrays.asList(WireTree.MISSING, 1L, List.of("dict", "key")), Named.class)
                .hasMessage("Cannot convert Python 'dict' to " + Named.class.getName() + ": it has no key 'from'");
        assertThatThrownBy(() -> new ResultReader(NameMapping.EXACT).read(
                List.of(1.0, WireTree.MISSING, "KM", List.of("dict", "key")), Conversion.class))
                .hasMessageEndingWith(": it has no key 'fromUnit'");
    }

    @Test
    void aMissingOptionalComponentIsEmpty() {
        assertThat(read(List.of("n", WireTree.MISSING, WireTree.MISSING, List.of("dict", "key")), WithOptional.class))
                .isEqualTo(new WithOptional("n", Optional.empty(), Optional.empty()));
        assertThat(read(Arrays.asList("n", null, 3L), WithOptional.class))
                .isEqualTo(new WithOptional("n", Optional.empty(), Optional.of(3)));
    }

    @Test
    void aRejectingConstructorIsAConversionFailure() {
        failing(List.of(-1L), Positive.class).hasMessage("The record constructor of " + Positive.class.getName()
                + " rejected the Python values: java.lang.IllegalArgumentException: not positive: -1");
        failing(List.of(List.of(-1L)), new TypeRef<List<Positive>>() { }.getType()).hasMessageEndingWith("(at [0])");
    }

    @Test
    void aRecordInsideItselfIsReadFromItsDictByKey() {
        Object tree = List.of("root", List.of(dict("name", "leaf", "children", List.of())));
        assertThat(read(tree, Node.class)).isEqualTo(new Node("root", List.of(new Node("leaf", List.of()))));
        failing(List.of("root", List.of(dict("name", "leaf"))), Node.class).hasMessage("Cannot convert Python 'dict' to "
                + Node.class.getName() + ": it has no key 'children' (at .children[0])");
    }

    @Test
    void aTreeNotShapedAsTheRecordIsReported() {
        failing("text", Conversion.class).hasMessageContaining("a list of its 3 component values is needed");
    }

    @Test
    void enumsTakeAConstantsName() {
        assertThat(read("KM", Unit.class)).isEqualTo(Unit.KM);
        failing("km", Unit.class).hasMessage("'km' is not a constant of " + Unit.class.getName());
        failing(0L, Unit.class).hasMessage("Cannot convert Python 'int' to " + Unit.class.getName());
    }

    @Test
    void optionalsWrapTheValue() {
        assertThat(read(null, new TypeRef<Optional<Integer>>() { }.getType())).isEqualTo(Optional.empty());
        assertThat(read(4L, new TypeRef<Optional<Integer>>() { }.getType())).isEqualTo(Optional.of(4));
        assertThat(read(List.of(1L), Optional.class)).isEqualTo(Optional.of(List.of(1L)));
        failing(1L << 40, new TypeRef<Optional<Integer>>() { }.getType())
                .hasMessage("Python int 1099511627776 does not fit in java.lang.Integer");
    }

    @Test
    void listsCollectionsAndIterablesGiveArrayLists() {
        for (Type type : List.of(List.class, Collection.class, Iterable.class, ArrayList.class,
                new TypeRef<List<Long>>() { }.getType(), new TypeRef<Iterable<?>>() { }.getType())) {
            assertThat(read(List.of(1L, 2L), type)).as(type.getTypeName()).isInstanceOf(ArrayList.class)
                    .isEqualTo(List.of(1L, 2L));
        }
        assertThat(read(new LinkedHashSet<>(List.of("b", "a")), List.class)).isEqualTo(List.of("b", "a"));
        assertThat(read(List.of(1L, 2L), new TypeRef<List<Integer>>() { }.getType())).isEqualTo(List.of(1, 2));
        failing(List.of(1L, 1L << 40), new TypeRef<List<Integer>>() { }.getType())
                .hasMessage("Python int 1099511627776 does not fit in java.lang.Integer (at [1])");
        failing(3L, List.class).hasMessage("Cannot convert Python 'int' to java.util.List: a list or tuple is needed");
    }

    @Test
    void setsGiveLinkedHashSets() {
        assertThat(read(new LinkedHashSet<>(List.of(3L, 1L)), Set.class)).isInstanceOf(LinkedHashSet.class)
                .isEqualTo(Set.of(3L, 1L));
        assertThat(read(List.of(1L, 1L, 2L), new TypeRef<LinkedHashSet<Integer>>() { }.getType()))
                .isEqualTo(Set.of(1, 2));
        failing(dict(), Set.class).hasMessage("Cannot convert Python 'dict' to a Set");
        failing("ab", new TypeRef<Set<String>>() { }.getType()).hasMessage("Cannot convert Python 'str' to a Set");
    }

    @Test
    void mapsConvertKeysAndValues() {
        Object map = read(dict("a", List.of(1L), "b", List.of()), new TypeRef<Map<String, List<Integer>>>() { }.getType());
        assertThat(map).isInstanceOf(LinkedHashMap.class).isEqualTo(Map.of("a", List.of(1), "b", List.of()));
        assertThat(read(dict(1L, "KM"), new TypeRef<LinkedHashMap<Integer, Unit>>() { }.getType()))
                .isEqualTo(Map.of(1, Unit.KM));
    }

    @Test
    void mapFailuresNameTheKey() {
        failing(dict("a", 1L, "b", "2"), new TypeRef<Map<String, Integer>>() { }.getType())
                .hasMessage("Cannot convert Python 'str' to java.lang.Integer (at [\"b\"])");
        failing(dict(7L, "x"), new TypeRef<Map<Long, Integer>>() { }.getType())
                .hasMessage("Cannot convert Python 'str' to java.lang.Integer (at [7])");
        failing(List.of(), Map.class).hasMessage("Cannot convert Python 'list' to a Map: a dict is needed");
    }

    @Test
    void wildcardsAndVariablesReadAsTheirUpperBound() {
        assertThat(read(List.of(1L), new TypeRef<List<? extends Integer>>() { }.getType())).isEqualTo(List.of(1));
        assertThat(read(5L, Bounded.class.getTypeParameters()[0])).isEqualTo(5);
    }

    static final class Bounded<T extends Integer> {
    }

    @Test
    void otherClassesAndHandlesAreRefused() {
        failing(dict(), HashMap.class).hasMessage("Cannot convert Python 'dict' to java.util.HashMap: no conversion to "
                + "that Java type is supported");
        failing(List.of(), Thread.class).hasMessage("Cannot convert Python 'list' to java.lang.Thread: no conversion "
                + "to that Java type is supported");
        failing(NdArray.of(new double[0]), StringBuilder.class).hasMessage("Cannot convert Python 'ndarray' to "
                + "java.lang.StringBuilder: no conversion to that Java type is supported");
        failing(1L, PythonObject.class).hasMessageContaining("handles stay in-process");
        failing(List.of(), Stream.class).hasMessageContaining("read a list instead");
    }

    @Test
    void missingOutsideARecordIsAnError() {
        failing(List.of(WireTree.MISSING), List.class).hasMessage("The worker sent MISSING outside a record (at [0])");
    }

    @Test
    void nestingIsLimitedTo512Levels() {
        Object value = 1L;
        for (int i = 0; i < 512; i++) {
            value = List.of(value);
        }
        assertThat(read(value, Object.class)).isNotNull();
        failing(List.of(value), Object.class).hasMessageStartingWith("Python value nested deeper than 512 levels "
                + "(or a container that contains itself)");
    }
}
