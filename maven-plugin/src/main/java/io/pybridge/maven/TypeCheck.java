package io.pybridge.maven;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Whether a Java type and a Python type hint certainly disagree, by the conversion rules of
 * {@code docs/conversion.md}. Conservative: it answers "mismatch" only when no value of the Java
 * type can convert to what the hint says (a {@code String} for {@code int}), never for a type
 * conversion decides at run time ({@code Object}, {@code PythonObject}, a record, a type
 * variable) nor for a hint it does not know (classes other than dataclasses, {@code Any},
 * {@code tuple}, {@code Sequence}...). Nullness is never judged: a reference may be {@code null}
 * ({@code None}) whatever the hint. Pure.
 */
final class TypeCheck {

    private static final PythonHint INT = PythonHint.parse("int");

    private static final PythonHint FLOAT = PythonHint.parse("float");

    private static final PythonHint STR = PythonHint.parse("str");

    private static final PythonHint BOOL = PythonHint.parse("bool");

    private static final PythonHint BYTES = PythonHint.parse("bytes");

    private TypeCheck() {
    }

    /** Whether an argument of type {@code java} can be what {@code hint} says once converted to Python. */
    static boolean argumentFits(Type java, PythonHint hint) {
        return fits(toPython(java), hint);
    }

    /** Whether a Python value of {@code hint} can convert to the Java result type {@code java}. */
    static boolean resultFits(Type java, PythonHint hint) {
        if (hint.isUnknown()) {
            return true;
        }
        if (hint.name().equals("union")) {
            List<PythonHint> values = hint.arguments().stream().filter(member -> !member.name().equals("None")).toList();
            return values.isEmpty() || values.stream().anyMatch(member -> resultFits(java, member));
        }
        if (hint.name().equals("None")) {
            // None converts to null for every reference type, and fails for a primitive one.
            return !(java instanceof Class<?> type) || !type.isPrimitive() || type == void.class;
        }
        Class<?> raw = raw(java);
        if (raw == null || raw == Object.class || raw == void.class || raw == Void.class || raw.isRecord()
                || !known(hint)) {
            return true;
        }
        if (raw == Optional.class) {
            return !(java instanceof ParameterizedType p) || resultFits(p.getActualTypeArguments()[0], hint);
        }
        if (raw == String.class || raw == CharSequence.class || raw == char.class || raw == Character.class || raw.isEnum()) {
            return hint.name().equals("str");
        }
        if (isIntegral(raw)) {
            return hint.name().equals("int") || hint.name().equals("bool");
        }
        if (isReal(raw) || raw == BigDecimal.class || raw == Number.class) {
            return hint.name().equals("int") || hint.name().equals("float") || hint.name().equals("bool");
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return hint.name().equals("bool");
        }
        if (raw == byte[].class) {
            return hint.name().equals("bytes") || hint.name().equals("list");
        }
        if (raw.isArray() || raw == List.class || raw == Collection.class || raw == Iterable.class
                || raw == java.util.ArrayList.class || raw == Set.class || raw == java.util.LinkedHashSet.class) {
            if (!hint.name().equals("list")) {
                return false;
            }
            Type element = element(java);
            return element == null || resultFits(element, hint.arguments().get(0));
        }
        if (raw == Map.class || raw == java.util.LinkedHashMap.class) {
            if (!hint.name().equals("dict")) {
                return false;
            }
            if (java instanceof ParameterizedType p) {
                return resultFits(p.getActualTypeArguments()[0], hint.arguments().get(0))
                        && resultFits(p.getActualTypeArguments()[1], hint.arguments().get(1));
            }
            return true;
        }
        return true;
    }

    /** What a Java value of this type becomes in Python, as a hint; unknown when conversion decides at run time. */
    static PythonHint toPython(Type java) {
        if (java instanceof GenericArrayType array) {
            return list(toPython(array.getGenericComponentType()));
        }
        Class<?> raw = raw(java);
        // A handle passes its object itself (it is Iterable, but crosses as what it holds).
        if (raw == null || raw == Object.class || io.pybridge.core.PythonObject.class.isAssignableFrom(raw)) {
            return PythonHint.UNKNOWN;
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return BOOL;
        }
        if (isIntegral(raw)) {
            return INT;
        }
        if (isReal(raw)) {
            return FLOAT;
        }
        if (CharSequence.class.isAssignableFrom(raw) || raw == char.class || raw == Character.class || raw.isEnum()) {
            return STR;
        }
        if (raw == byte[].class) {
            return BYTES;
        }
        if (raw.isArray()) {
            return list(toPython(raw.getComponentType()));
        }
        if (raw == Optional.class) {
            return java instanceof ParameterizedType p ? toPython(p.getActualTypeArguments()[0]) : PythonHint.UNKNOWN;
        }
        if (Map.class.isAssignableFrom(raw)) {
            Type[] types = java instanceof ParameterizedType p ? p.getActualTypeArguments() : new Type[0];
            PythonHint key = types.length == 2 ? toPython(types[0]) : PythonHint.UNKNOWN;
            PythonHint value = types.length == 2 ? toPython(types[1]) : PythonHint.UNKNOWN;
            return new PythonHint("dict", List.of(key, value), "dict");
        }
        if (raw.isRecord()) {
            return new PythonHint("record", List.of(), "record");
        }
        if (Set.class.isAssignableFrom(raw)) {
            return new PythonHint("set", List.of(), "set");
        }
        if (Iterable.class.isAssignableFrom(raw)) {
            Type element = element(java);
            return list(element == null ? PythonHint.UNKNOWN : toPython(element));
        }
        return PythonHint.UNKNOWN;
    }

    /** Whether a Python value {@code value} (from {@link #toPython}) can be what {@code hint} says. */
    static boolean fits(PythonHint value, PythonHint hint) {
        if (value.isUnknown() || hint.isUnknown()) {
            return true;
        }
        if (hint.name().equals("union")) {
            List<PythonHint> values = hint.arguments().stream().filter(member -> !member.name().equals("None")).toList();
            return values.isEmpty() || values.stream().anyMatch(member -> fits(value, member));
        }
        return switch (hint.name()) {
            case "int" -> is(value, "int", "bool");
            case "float" -> is(value, "int", "float", "bool");
            case "str" -> is(value, "str");
            case "bool" -> is(value, "bool");
            case "bytes" -> is(value, "bytes");
            case "list" -> is(value, "set") || (is(value, "list") && fits(value.arguments().get(0), hint.arguments().get(0)));
            case "dict" -> is(value, "record") || (is(value, "dict") && fits(value.arguments().get(0), hint.arguments().get(0))
                    && fits(value.arguments().get(1), hint.arguments().get(1)));
            // A record or a Map crosses as a dict: the function gets a dict where it may expect the dataclass; not judged.
            case "dataclass" -> is(value, "dict", "record");
            default -> true;
        };
    }

    private static boolean known(PythonHint hint) {
        return switch (hint.name()) {
            case "int", "float", "str", "bool", "bytes", "list", "dict", "dataclass" -> true;
            default -> false;
        };
    }

    private static boolean is(PythonHint value, String... names) {
        for (String name : names) {
            if (value.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static PythonHint list(PythonHint element) {
        return new PythonHint("list", List.of(element), "list");
    }

    private static boolean isIntegral(Class<?> type) {
        return type == int.class || type == long.class || type == short.class || type == byte.class
                || type == Integer.class || type == Long.class || type == Short.class || type == Byte.class
                || type == BigInteger.class;
    }

    private static boolean isReal(Class<?> type) {
        return type == double.class || type == float.class || type == Double.class || type == Float.class;
    }

    private static @Nullable Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        return null;
    }

    /** The element type of an array, or of an {@code Iterable<E>} with a written type argument; else null. */
    private static @Nullable Type element(Type type) {
        if (type instanceof Class<?> c && c.isArray()) {
            return c.getComponentType();
        }
        if (type instanceof GenericArrayType array) {
            return array.getGenericComponentType();
        }
        if (type instanceof ParameterizedType p && p.getActualTypeArguments().length == 1
                && p.getRawType() instanceof Class<?> c && Iterable.class.isAssignableFrom(c)) {
            return p.getActualTypeArguments()[0];
        }
        return null;
    }
}
