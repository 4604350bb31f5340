package io.pybridge.core.internal.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pybridge.core.NdArray;
import io.pybridge.core.PythonName;
import io.pybridge.core.PythonObject;
import io.pybridge.core.TypeRef;
import io.pybridge.core.exception.PythonConversionException;
import io.pybridge.core.runtime.NameMapping;
import java.lang.ref.WeakReference;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URL;
import java.net.URLClassLoader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Requested types as the shapes a worker extracts by. */
class ResultShapesTest {

    private final ResultShapes shapes = new ResultShapes(NameMapping.SNAKE_CASE);

    record Conversion(double amount, String fromUnit, @PythonName("to") String toUnit) {
    }

    record Report(List<Conversion> rows, Optional<Conversion> best, Map<String, Conversion> byName) {
    }

    record Node(String name, List<Node> children) {
    }

    private static final List<Object> CONVERSION = List.of("r", List.of(Arrays.asList("amount", null, null),
            Arrays.asList("fromUnit", "from_unit", null), Arrays.asList("to", null, null)));

    @Test
    void naturalTypesHaveNoShape() {
        for (Type type : List.of(Object.class, String.class, CharSequence.class, long.class, Long.class, int.class,
                Integer.class, short.class, byte.class, BigInteger.class, double.class, Float.class, boolean.class,
                Character.class, byte[].class, BigDecimal.class, Number.class, NdArray.class, Optional.class,
                Thread.State.class, new TypeRef<Optional<String>>() { }.getType())) {
            assertThat(shapes.of(type)).as(type.getTypeName()).isNull();
        }
    }

    @Test
    void aNumpyViewIsReadInPlace() {
        assertThat(shapes.of(NdArray.NumpyView.class)).isEqualTo("i");
        assertThat(shapes.of(new TypeRef<List<NdArray.NumpyView>>() {
        }.getType())).isEqualTo(List.of("l", "i"));
    }

    @Test
    void voidIsDiscarded() {
        assertThat(shapes.of(void.class)).isEqualTo("v");
        assertThat(shapes.of(Void.class)).isEqualTo("v");
    }

    @Test
    void listLikesAndArraysAreListsOfTheirElementsShape() {
        for (Type type : List.of(List.class, Collection.class, Iterable.class, ArrayList.class, Set.class,
                LinkedHashSet.class, new TypeRef<List<String>>() { }.getType(), new TypeRef<Set<?>>() { }.getType(),
                double[].class, String[].class)) {
            assertThat(shapes.of(type)).as(type.getTypeName()).isEqualTo(Arrays.asList("l", null));
        }
        assertThat(shapes.of(double[][].class)).isEqualTo(List.of("l", Arrays.asList("l", null)));
        assertThat(shapes.of(Conversion[].class)).isEqualTo(List.of("l", CONVERSION));
        assertThat(shapes.of(new TypeRef<List<Conversion>[]>() { }.getType()))
                .isEqualTo(List.of("l", List.of("l", CONVERSION)));
    }

    @Test
    void mapsAreDictsOfTheirKeyAndValueShapes() {
        assertThat(shapes.of(Map.class)).isEqualTo(Arrays.asList("m", null, null));
        assertThat(shapes.of(LinkedHashMap.class)).isEqualTo(Arrays.asList("m", null, null));
        assertThat(shapes.of(new TypeRef<Map<String, List<Conversion>>>() { }.getType()))
                .isEqualTo(Arrays.asList("m", null, List.of("l", CONVERSION)));
    }

    @Test
    void aRecordListsItsComponentsWithTheNamesRead() {
        assertThat(shapes.of(Conversion.class)).isEqualTo(CONVERSION);
        assertThat(new ResultShapes(NameMapping.EXACT).of(Conversion.class)).isEqualTo(List.of("r", List.of(
                Arrays.asList("amount", null, null), Arrays.asList("fromUnit", null, null),
                Arrays.asList("to", null, null))));
        assertThat(shapes.of(Report.class)).isEqualTo(List.of("r", List.of(
                Arrays.asList("rows", null, List.of("l", CONVERSION)), Arrays.asList("best", null, CONVERSION),
                Arrays.asList("byName", "by_name", Arrays.asList("m", null, CONVERSION)))));
    }

    @Test
    void optionalHasTheShapeOfItsValueAndBoundsStandForVariables() {
        assertThat(shapes.of(new TypeRef<Optional<Conversion>>() { }.getType())).isEqualTo(CONVERSION);
        assertThat(shapes.of(new TypeRef<List<? extends Conversion>>() { }.getType())).isEqualTo(List.of("l", CONVERSION));
        assertThat(shapes.of(Holder.class.getTypeParameters()[0])).isEqualTo(CONVERSION);
    }

    static final class Holder<T extends Conversion> {
    }

    record Simple(int count, String fromUnit) {
    }

    @Test
    void cachedShapesKeepNoApplicationClassLoaderReachable() throws Exception {
        // The runtime outlives an application restarted in place: its classes must stay collectable.
        WeakReference<ClassLoader> loader = shapeThroughThrowawayLoader();
        for (int i = 0; i < 100 && loader.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(loader.get()).as("the throwaway class loader").isNull();
    }

    private WeakReference<ClassLoader> shapeThroughThrowawayLoader() throws Exception {
        URL classes = ResultShapesTest.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader loader = new URLClassLoader(new URL[] { classes }, ClassLoader.getPlatformClassLoader())) {
            Class<?> simple = loader.loadClass(Simple.class.getName());
            assertThat(simple).isNotSameAs(Simple.class);
            List<Object> expected = List.of("r", List.of(Arrays.asList("count", null, null),
                    Arrays.asList("fromUnit", "from_unit", null)));
            assertThat(shapes.of(simple)).isEqualTo(expected);
            ParameterizedType listOfSimple = new ParameterizedType() {
                @Override
                public Type[] getActualTypeArguments() {
                    return new Type[] { simple };
                }

                @Override
                public Type getRawType() {
                    return List.class;
                }

                @Override
                public Type getOwnerType() {
                    return null;
                }
            };
            assertThat(shapes.of(listOfSimple)).isEqualTo(List.of("l", expected));
            return new WeakReference<>(loader);
        }
    }

    @Test
    void shapesCannotBeChangedByWhoeverSendsThem() {
        assertThatThrownBy(() -> ((List<Object>) shapes.of(Conversion.class)).set(0, "l"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shapesAreCachedPerType() {
        Type type = new TypeRef<List<Conversion>>() { }.getType();
        assertThat(shapes.of(type)).isSameAs(shapes.of(type));
        assertThat(shapes.of(Conversion.class)).isSameAs(shapes.of(Conversion.class));
    }

    @Test
    void lazyTypesHandlesAndFuturesAreRefused() {
        for (Type type : List.of(Stream.class, IntStream.class, Iterator.class,
                new TypeRef<Stream<String>>() { }.getType(), new TypeRef<List<Iterator<String>>>() { }.getType())) {
            assertThatThrownBy(() -> shapes.of(type)).as(type.getTypeName()).isInstanceOf(PythonConversionException.class)
                    .hasMessageContaining("cannot be the result of a worker-process call").hasMessageContaining(
                            "read a list instead");
        }
        assertThatThrownBy(() -> shapes.of(PythonObject.class)).isInstanceOf(PythonConversionException.class)
                .hasMessageStartingWith("io.pybridge.core.PythonObject cannot be the result of a worker-process call: "
                        + "handles stay in-process");
        assertThatThrownBy(() -> shapes.of(new TypeRef<CompletableFuture<String>>() { }.getType()))
                .isInstanceOf(PythonConversionException.class).hasMessageContaining("request the value itself");
    }

    @Test
    void aRecordInsideItselfIsLeftNaturalThere() {
        // The worker sends the inner ones as the dicts they are; ResultReader reads those by key.
        assertThat(shapes.of(Node.class)).isEqualTo(List.of("r", List.of(Arrays.asList("name", null, null),
                Arrays.asList("children", null, Arrays.asList("l", null)))));
    }
}
