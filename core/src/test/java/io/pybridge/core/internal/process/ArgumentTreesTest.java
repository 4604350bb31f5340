package io.pybridge.core.internal.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pybridge.core.NdArray;
import io.pybridge.core.PythonName;
import io.pybridge.core.PythonObject;
import io.pybridge.core.exception.PythonConversionException;
import io.pybridge.core.runtime.NameMapping;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Java arguments as wire trees, row by row of conversion.md's "Java → Python" table. */
class ArgumentTreesTest {

    private final ArgumentTrees trees = new ArgumentTrees(NameMapping.SNAKE_CASE);

    enum Unit {
        KM, MI
    }

    record Conversion(double amount, String fromUnit, Unit toUnit) {
    }

    record Named(@PythonName("from") String fromUnit, int httpCode) {
    }

    record Holder(Object value) {
    }

    /** A class implementing a functional interface of its own. */
    static final class Doubler implements Function<Integer, Integer> {
        @Override
        public Integer apply(Integer value) {
            return value * 2;
        }
    }

    /** A map that is also a function. */
    static final class LookupMap extends LinkedHashMap<String, Integer> implements Function<String, Integer> {
        private static final long serialVersionUID = 1L;

        LookupMap(Map<String, Integer> entries) {
            super(entries);
        }

        @Override
        public Integer apply(String key) {
            return get(key);
        }
    }

    @Test
    void scalarsBecomeTheirTreeTypes() {
        assertThat(trees.tree(null)).isNull();
        assertThat(trees.tree(true)).isEqualTo(true);
        assertThat(trees.tree((byte) 3)).isEqualTo(3L);
        assertThat(trees.tree((short) -4)).isEqualTo(-4L);
        assertThat(trees.tree(5)).isEqualTo(5L);
        assertThat(trees.tree(Long.MIN_VALUE)).isEqualTo(Long.MIN_VALUE);
        assertThat(trees.tree(2.5)).isEqualTo(2.5);
        assertThat(trees.tree(1.5f)).isEqualTo(1.5);
        assertThat(trees.tree(Double.NaN)).isEqualTo(Double.NaN);
        assertThat(trees.tree(Float.NEGATIVE_INFINITY)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(trees.tree("text")).isEqualTo("text");
        assertThat(trees.tree(new StringBuilder("built"))).isEqualTo("built");
        assertThat(trees.tree('c')).isEqualTo("c");
        assertThat(trees.tree("a\uD800b")).isEqualTo("a\uD800b"); // lone surrogates are the codec's to carry
        byte[] bytes = { 1, 2 };
        assertThat(trees.tree(bytes)).isSameAs(bytes);
        assertThat(trees.tree(Unit.MI)).isEqualTo("MI");
    }

    @Test
    void aBigIntegerIsALongWhenItFitsIn64Bits() {
        assertThat(trees.tree(BigInteger.valueOf(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
        assertThat(trees.tree(BigInteger.valueOf(Long.MIN_VALUE))).isEqualTo(Long.MIN_VALUE);
        BigInteger big = BigInteger.ONE.shiftLeft(63);
        assertThat(trees.tree(big)).isEqualTo(big);
        assertThat(trees.tree(big.negate().subtract(BigInteger.ONE))).isInstanceOf(BigInteger.class);
    }

    @Test
    void anOptionalIsItsValueOrNull() {
        assertThat(trees.tree(Optional.of(7))).isEqualTo(7L);
        assertThat(trees.tree(Optional.empty())).isNull();
        assertThat(trees.tree(Optional.of(List.of(Unit.KM)))).isEqualTo(List.of("KM"));
    }

    @Test
    void anNdArrayStaysAndAViewIsCopied() {
        NdArray array = NdArray.of(new double[] { 1, 2, 3, 4 }, 2, 2);
        assertThat(trees.tree(array)).isSameAs(array);
        DoubleBuffer buffer = ByteBuffer.allocateDirect(8 * 5).order(ByteOrder.nativeOrder()).asDoubleBuffer();
        buffer.put(new double[] { 9, 1, 2, 3, 4 }).position(1);
        Object copied = trees.tree(NdArray.view(buffer, 2, 2));
        assertThat(copied).isEqualTo(array);
        assertThat(buffer.position()).isEqualTo(1);
        ByteBuffer bytes = ByteBuffer.allocateDirect(3);
        bytes.put(new byte[] { 1, (byte) 200, 3 }).flip();
        assertThat(trees.tree(NdArray.view(bytes))).isEqualTo(NdArray.ofUnsigned(new byte[] { 1, (byte) 200, 3 }));
    }

    @Test
    void aMapKeepsItsOrderAndItsKeysAsWritten() {
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put("fromUnit", 1);
        map.put(2, Unit.KM);
        map.put(Unit.MI, List.of(1.5f));
        Object tree = trees.tree(map);
        assertThat(tree).isInstanceOf(LinkedHashMap.class);
        assertThat(keys(tree)).containsExactly("fromUnit", 2L, "MI");
        assertThat(new ArrayList<Object>(((Map<?, ?>) tree).values())).containsExactly(1L, "KM", List.of(1.5));
    }

    @Test
    void aRecordIsAMapKeyedInSnakeCaseInDeclarationOrder() {
        Object tree = trees.tree(new Conversion(2.5, "km", Unit.MI));
        assertThat(tree).isInstanceOf(LinkedHashMap.class);
        assertThat(keys(tree)).containsExactly("amount", "from_unit", "to_unit");
        assertThat(tree).isEqualTo(Map.of("amount", 2.5, "from_unit", "km", "to_unit", "MI"));
        assertThat(trees.tree(new Named("a", 200))).isEqualTo(Map.of("from", "a", "http_code", 200L));
        assertThat(keys(new ArgumentTrees(NameMapping.EXACT).tree(new Conversion(1, "a", Unit.KM))))
                .containsExactly("amount", "fromUnit", "toUnit");
    }

    @Test
    void setsStaySetsAndOtherCollectionsIterablesAndArraysBecomeLists() {
        assertThat(trees.tree(new LinkedHashSet<>(List.of(3, 1, 2)))).isInstanceOf(LinkedHashSet.class)
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.ITERABLE).containsExactly(3L, 1L, 2L);
        assertThat(trees.tree(new ArrayDeque<>(List.of("a", "b")))).isEqualTo(List.of("a", "b"));
        Iterable<Integer> iterable = () -> List.of(1, 2).iterator();
        assertThat(trees.tree(iterable)).isEqualTo(List.of(1L, 2L));
        assertThat(trees.tree(new int[] { 1, 2 })).isEqualTo(List.of(1L, 2L));
        assertThat(trees.tree(new double[] { 0.5 })).isEqualTo(List.of(0.5));
        assertThat(trees.tree(new char[] { 'h', 'i' })).isEqualTo(List.of("h", "i"));
        assertThat(trees.tree(new Object[] { null, Unit.KM, new long[] { 7 } }))
                .isEqualTo(Arrays.asList(null, "KM", List.of(7L)));
        assertThat(trees.tree(new ArrayList<>(List.of(new Conversion(1, "a", Unit.KM)))))
                .asList().first().isInstanceOf(Map.class);
    }

    @Test
    void positionalArgumentsNameTheirIndex() {
        assertThat(trees.arguments(new Object[] { 1, "x", null })).isEqualTo(Arrays.asList(1L, "x", null));
        assertThatThrownBy(() -> trees.arguments(new Object[] { 1, List.of(1, new AtomicLong()) }))
                .isInstanceOf(PythonConversionException.class)
                .hasMessageStartingWith("Cannot convert java.util.concurrent.atomic.AtomicLong to Python: supported are")
                .hasMessageEndingWith("(at args[1][1])");
    }

    @Test
    void aHandleIsRefused() {
        PythonObject handle = (PythonObject) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { PythonObject.class }, (proxy, method, args) -> null);
        assertThatThrownBy(() -> trees.tree(Map.of("model", handle))).isInstanceOf(PythonConversionException.class)
                .hasMessageContaining("a PythonObject handle refers to an object in this JVM's interpreter; a worker "
                        + "process cannot see it: pass data")
                .hasMessageEndingWith("(at [\"model\"])");
    }

    @Test
    void javaFunctionsAreRefused() {
        Function<Integer, Integer> lambda = x -> x + 1;
        assertThatThrownBy(() -> trees.tree(lambda)).isInstanceOf(PythonConversionException.class)
                .hasMessageContaining("Java functions cannot be called from a worker process");
        assertThatThrownBy(() -> trees.tree(List.of(new Doubler()))).isInstanceOf(PythonConversionException.class)
                .hasMessageStartingWith("Cannot convert " + Doubler.class.getName() + " to Python: Java functions")
                .hasMessageEndingWith("(at [0])");
        // Data first: a map that is also a function converts as a map (the rows are tried in order).
        assertThat(trees.tree(new LookupMap(Map.of("a", 1)))).isEqualTo(Map.of("a", 1L));
    }

    @Test
    void whatConversionRefusesInProcessIsRefusedAndNamesItsPlace() {
        for (Object unsupported : List.of(BigDecimal.ONE, new AtomicLong(), LocalDate.of(2026, 1, 1), new Object())) {
            assertThatThrownBy(() -> trees.tree(unsupported)).isInstanceOf(PythonConversionException.class)
                    .hasMessageStartingWith("Cannot convert " + unsupported.getClass().getName()
                            + " to Python: supported are null, Boolean");
        }
        assertThatThrownBy(() -> trees.tree(new Holder(List.of(Map.of(3, BigDecimal.TEN)))))
                .isInstanceOf(PythonConversionException.class).hasMessageEndingWith("(at .value[0][3])")
                .extracting(ex -> ((PythonConversionException) ex).getPath()).isEqualTo(".value[0][3]");
    }

    @Test
    void aContainerThatContainsItselfIsRefusedButSharingIsNot() {
        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        assertThatThrownBy(() -> trees.tree(cycle)).isInstanceOf(PythonConversionException.class)
                .hasMessage("Cannot convert a java.util.ArrayList that contains itself: cycles have no Python "
                        + "equivalent (at [0])");
        List<Integer> shared = List.of(1);
        assertThat(trees.tree(List.of(shared, shared))).isEqualTo(List.of(List.of(1L), List.of(1L)));
    }

    @Test
    void nestingDeeperThan512LevelsIsRefused() {
        assertThat(trees.tree(nested(512))).isNotNull();
        assertThatThrownBy(() -> trees.tree(nested(513))).isInstanceOf(PythonConversionException.class)
                .hasMessageStartingWith("Java value nested deeper than 512 levels");
    }

    private static List<Object> keys(Object map) {
        return new ArrayList<Object>(((Map<?, ?>) map).keySet());
    }

    private static Object nested(int levels) {
        Object value = 1;
        for (int i = 0; i < levels; i++) {
            value = List.of(value);
        }
        return value;
    }

    @Test
    void aSetOfSetsKeepsSets() {
        Set<Object> inner = Set.of(1);
        assertThat(trees.tree(Set.of(inner))).isEqualTo(Set.of(Set.of(1L)));
    }
}
