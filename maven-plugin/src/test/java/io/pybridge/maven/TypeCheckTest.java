package io.pybridge.maven;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.PythonObject;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rules of docs/conversion.md, judged only where they certainly disagree with a hint. */
class TypeCheckTest {

    record Point(int x, int y) {
    }

    enum Color { RED }

    /** Generic types as a method signature carries them. */
    interface Signatures {
        void strings(List<String> values);

        void table(Map<String, Double> values);

        void maybe(Optional<String> value);

        <T> void variable(T value);

        List<Long> longs();

        Map<String, Long> counts();
    }

    private static Type parameter(String method) throws NoSuchMethodException {
        for (var m : Signatures.class.getMethods()) {
            if (m.getName().equals(method)) {
                return m.getParameterCount() == 0 ? m.getGenericReturnType() : m.getGenericParameterTypes()[0];
            }
        }
        throw new NoSuchMethodException(method);
    }

    private static boolean argument(Type java, String hint) {
        return TypeCheck.argumentFits(java, PythonHint.parse(hint));
    }

    private static boolean result(Type java, String hint) {
        return TypeCheck.resultFits(java, PythonHint.parse(hint));
    }

    @Test
    void scalarsThatConvertToAnotherTypeAreMismatches() {
        assertThat(argument(String.class, "int")).isFalse();
        assertThat(argument(long.class, "str")).isFalse();
        assertThat(argument(double.class, "int")).isFalse();
        assertThat(argument(int.class, "bool")).isFalse();
        assertThat(argument(String.class, "bytes")).isFalse();
        assertThat(argument(List.class, "str")).isFalse();
        assertThat(argument(Map.class, "list[int]")).isFalse();
    }

    @Test
    void whatPythonsNumericTowerAcceptsFits() {
        assertThat(argument(int.class, "int")).isTrue();
        assertThat(argument(BigInteger.class, "int")).isTrue();
        assertThat(argument(Integer.class, "float")).as("an int is acceptable for float").isTrue();
        assertThat(argument(boolean.class, "int")).as("bool is an int").isTrue();
        assertThat(argument(CharSequence.class, "str")).isTrue();
        assertThat(argument(Color.class, "str")).as("an enum crosses as its name").isTrue();
        assertThat(argument(char.class, "str")).isTrue();
        assertThat(argument(byte[].class, "bytes")).isTrue();
    }

    @Test
    void optionalAndUnionHintsFitAnyMember() throws Exception {
        assertThat(argument(String.class, "union[str|None]")).isTrue();
        assertThat(argument(String.class, "union[int|None]")).isFalse();
        assertThat(argument(parameter("maybe"), "union[str|None]")).isTrue();
        assertThat(argument(parameter("maybe"), "int")).isFalse();
        assertThat(argument(String.class, "None")).as("a null String is None").isTrue();
    }

    @Test
    void containersAreJudgedByTheirElementsWhenBothSidesSayThem() throws Exception {
        assertThat(argument(parameter("strings"), "list[str]")).isTrue();
        assertThat(argument(parameter("strings"), "list[int]")).isFalse();
        assertThat(argument(List.class, "list[int]")).as("a raw List says nothing of its elements").isTrue();
        assertThat(argument(String[].class, "list[int]")).isFalse();
        assertThat(argument(int[].class, "list[float]")).isTrue();
        assertThat(argument(parameter("table"), "dict[str,float]")).isTrue();
        assertThat(argument(parameter("table"), "dict[str,str]")).isFalse();
        assertThat(argument(Set.class, "list[str]")).as("not judged: a set where a list is hinted").isTrue();
    }

    @Test
    void recordsAndMapsCrossAsDictsSoADataclassHintIsNotJudged() {
        assertThat(argument(Point.class, "dataclass[Point]")).isTrue();
        assertThat(argument(Map.class, "dataclass[Point]")).isTrue();
        assertThat(argument(Point.class, "dict[str,int]")).isTrue();
        assertThat(argument(String.class, "dataclass[Point]")).isFalse();
        assertThat(argument(Point.class, "int")).isFalse();
    }

    @Test
    void typesConversionDecidesAtRunTimeAreNeverJudged() throws Exception {
        assertThat(argument(Object.class, "int")).isTrue();
        assertThat(argument(PythonObject.class, "int")).as("a handle passes its object").isTrue();
        assertThat(argument(parameter("variable"), "int")).isTrue();
        assertThat(argument(String.class, "?")).isTrue();
        assertThat(argument(Runnable.class, "int")).isTrue();
    }

    @Test
    void resultsFollowTheRequestedTypeTable() throws Exception {
        assertThat(result(String.class, "int")).isFalse();
        assertThat(result(long.class, "str")).isFalse();
        assertThat(result(long.class, "float")).as("a float is not accepted for a Long").isFalse();
        assertThat(result(double.class, "int")).isTrue();
        assertThat(result(boolean.class, "int")).as("1 is rejected for a boolean").isFalse();
        assertThat(result(long.class, "bool")).isTrue();
        assertThat(result(parameter("longs"), "list[int]")).isTrue();
        assertThat(result(parameter("longs"), "list[str]")).isFalse();
        assertThat(result(parameter("counts"), "dict[str,int]")).isTrue();
        assertThat(result(Map.class, "dataclass[Point]")).as("a Map takes a dict only").isFalse();
        assertThat(result(Point.class, "dataclass[Point]")).isTrue();
        assertThat(result(long.class, "None")).as("None for a primitive fails").isFalse();
        assertThat(result(Long.class, "None")).isTrue();
        assertThat(result(void.class, "int")).isTrue();
        assertThat(result(Object.class, "str")).isTrue();
        assertThat(result(long.class, "union[int|None]")).isTrue();
        assertThat(result(String.class, "union[int|None]")).isFalse();
    }
}
