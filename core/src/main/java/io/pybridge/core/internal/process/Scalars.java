package io.pybridge.core.internal.process;

import io.pybridge.core.exception.PythonConversionException;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.jspecify.annotations.Nullable;

/**
 * Tree scalars read as a requested scalar Java type, with the checks and messages of the
 * in-process {@code ScalarReader}: range-checked integers ({@code bool} counts as an int),
 * {@code bool} only for {@code Boolean}, one UTF-16 unit for {@code char}, finite floats for
 * {@code BigDecimal} and within range for {@code Float}.
 */
final class Scalars {

    /** What {@link #read} returns for a target that is not a scalar type. */
    static final Object NOT_SCALAR = new Object();

    private Scalars() {
    }

    /** {@code tree} (not null) as {@code target}, or {@link #NOT_SCALAR} if {@code target} is no scalar type. */
    static Object read(Object tree, Class<?> target) {
        if (target == String.class || target == CharSequence.class) {
            expect(tree instanceof String, tree, target);
            return tree;
        }
        if (target == Long.class || target == long.class) {
            return integral(tree, target, Long.MIN_VALUE, Long.MAX_VALUE);
        }
        if (target == Integer.class || target == int.class) {
            return (int) integral(tree, target, Integer.MIN_VALUE, Integer.MAX_VALUE);
        }
        if (target == Short.class || target == short.class) {
            return (short) integral(tree, target, Short.MIN_VALUE, Short.MAX_VALUE);
        }
        if (target == Byte.class || target == byte.class) {
            return (byte) integral(tree, target, Byte.MIN_VALUE, Byte.MAX_VALUE);
        }
        if (target == BigInteger.class) {
            expect(isInt(tree) || tree instanceof Boolean, tree, target);
            return bigInteger(tree);
        }
        if (target == Double.class || target == double.class) {
            return floating(tree, target);
        }
        if (target == Float.class || target == float.class) {
            double value = floating(tree, target);
            if (Double.isFinite(value) && Math.abs(value) > Float.MAX_VALUE) {
                throw new PythonConversionException("Python float " + value + " does not fit in " + target.getName());
            }
            return (float) value;
        }
        if (target == Boolean.class || target == boolean.class) {
            expect(tree instanceof Boolean, tree, target);
            return tree;
        }
        if (target == Character.class || target == char.class) {
            expect(tree instanceof String, tree, target);
            String value = (String) tree;
            if (value.length() != 1) {
                throw new PythonConversionException("Cannot convert a Python str of length " + value.length()
                        + " to " + target.getName());
            }
            return value.charAt(0);
        }
        if (target == BigDecimal.class) {
            expect(isInt(tree) || tree instanceof Double, tree, target);
            if (isInt(tree)) {
                return new BigDecimal(bigInteger(tree));
            }
            double value = (Double) tree;
            if (!Double.isFinite(value)) {
                throw new PythonConversionException("Python float " + value + " has no java.math.BigDecimal value");
            }
            return BigDecimal.valueOf(value);
        }
        return NOT_SCALAR;
    }

    static void expect(boolean matches, @Nullable Object tree, Class<?> target) {
        if (!matches) {
            throw new PythonConversionException("Cannot convert Python " + WireTree.typeName(tree) + " to "
                    + target.getName());
        }
    }

    /** The enum constant named by a str. */
    static Object enumConstant(Class<?> target, String name) {
        for (Object constant : target.getEnumConstants()) {
            if (((Enum<?>) constant).name().equals(name)) {
                return constant;
            }
        }
        throw new PythonConversionException("'" + name + "' is not a constant of " + target.getName());
    }

    private static boolean isInt(Object tree) {
        return tree instanceof Long || tree instanceof BigInteger;
    }

    private static long integral(Object tree, Class<?> target, long min, long max) {
        expect(isInt(tree) || tree instanceof Boolean, tree, target);
        Object value = tree instanceof Boolean bool ? (Object) (bool ? 1L : 0L) : tree;
        // A BigInteger arrives only past 64 bits, beyond every Java integral type.
        if (!(value instanceof Long small) || small < min || small > max) {
            throw new PythonConversionException("Python int " + value + " does not fit in " + target.getName());
        }
        return small;
    }

    private static BigInteger bigInteger(Object tree) {
        if (tree instanceof Boolean bool) {
            return bool ? BigInteger.ONE : BigInteger.ZERO;
        }
        return tree instanceof BigInteger big ? big : BigInteger.valueOf((Long) tree);
    }

    private static double floating(Object tree, Class<?> target) {
        expect(tree instanceof Double || isInt(tree), tree, target);
        if (tree instanceof Double value) {
            return value;
        }
        double value = tree instanceof Long small ? small : ((BigInteger) tree).doubleValue();
        if (Double.isInfinite(value)) {
            // In-process this is CPython's OverflowError, raised as a PythonException.
            throw new PythonConversionException("Python int too large to convert to float (" + target.getName() + ")");
        }
        return value;
    }
}
