package io.pybridge.core.internal.interpreter;

import io.pybridge.core.internal.convert.ToPython;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;

/**
 * Java functional objects (lambdas, method references) passed to Python as callables: Python's
 * arguments arrive in the natural mapping and are narrowed to the functional method's parameter
 * types.
 */
final class FunctionalObjects {

    private final JavaCallables callables;

    FunctionalObjects(JavaCallables callables) {
        this.callables = callables;
    }

    /** A new reference to a Python callable running {@code value}, or 0 if it is not a functional object. GIL held. */
    long callableFor(Object value) {
        Method method = ToPython.functionalMethod(value);
        if (method == null) {
            return 0;
        }
        return callables.newCallable(args -> invoke(value, method, args));
    }

    /** Calls a Java functional object from Python with its arguments coerced to the parameter types. */
    private static Object invoke(Object target, Method method, List<Object> args) throws Exception {
        Class<?>[] types = method.getParameterTypes();
        if (args.size() != types.length) {
            throw new IllegalArgumentException(method.getDeclaringClass().getSimpleName() + "." + method.getName()
                    + " takes " + types.length + " argument(s), Python passed " + args.size());
        }
        Object[] values = new Object[types.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = coerce(args.get(i), types[i]);
        }
        try {
            return method.invoke(target, values);
        }
        catch (InvocationTargetException ex) {
            Throwable cause = ex.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            throw (Error) cause;
        }
    }

    /** Narrows the natural Python values (Long, Double) to what a typed parameter wants. */
    static Object coerce(Object value, Class<?> type) {
        if (value instanceof Long number) {
            if (type == int.class || type == Integer.class) {
                return Math.toIntExact(number);
            }
            if (type == short.class || type == Short.class) {
                if (number < Short.MIN_VALUE || number > Short.MAX_VALUE) {
                    throw new ArithmeticException(number + " does not fit in a short");
                }
                return number.shortValue();
            }
            if (type == double.class || type == Double.class) {
                return number.doubleValue();
            }
            if (type == float.class || type == Float.class) {
                return number.floatValue();
            }
        }
        if (value instanceof Double number && (type == float.class || type == Float.class)) {
            return number.floatValue();
        }
        return value;
    }
}
