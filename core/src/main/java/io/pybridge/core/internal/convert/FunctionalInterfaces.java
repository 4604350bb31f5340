package io.pybridge.core.internal.convert;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Optional;

/**
 * Finds the single abstract method through which a Java object can be called from Python: that
 * of an interface annotated {@link FunctionalInterface} ({@code Function}, {@code Supplier},
 * {@code Runnable}, {@code Callable}, your own...), or of the one interface a lambda or method
 * reference implements. Other objects (a class that happens to implement {@code Comparable}, a
 * JDK class such as {@code Thread}) are not made callable.
 */
final class FunctionalInterfaces {

    /**
     * Kept with each class rather than in a map of pybridge's: the runtime outlives an
     * application restarted in place (DevTools), and a map keyed by its classes (every lambda's
     * among them) would keep every restart's class loader reachable.
     */
    private static final ClassValue<Optional<Method>> CACHE = new ClassValue<>() {
        @Override
        protected Optional<Method> computeValue(Class<?> type) {
            return find(type);
        }
    };

    private FunctionalInterfaces() {
    }

    static Method samOf(Class<?> type) {
        return CACHE.get(type).orElse(null);
    }

    private static Optional<Method> find(Class<?> type) {
        boolean lambda = type.isSynthetic() || type.isHidden();
        if (!lambda && isPlatformClass(type)) {
            return Optional.empty(); // a Thread is a Runnable, but nobody means to pass it as a callback
        }
        for (Class<?> candidate = type; candidate != null; candidate = candidate.getSuperclass()) {
            for (Class<?> iface : candidate.getInterfaces()) {
                if (lambda || iface.isAnnotationPresent(FunctionalInterface.class)) {
                    Method sam = singleAbstractMethod(iface);
                    if (sam != null) {
                        sam.setAccessible(true);
                        return Optional.of(sam);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isPlatformClass(Class<?> type) {
        String name = type.getName();
        return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.") || name.startsWith("sun.");
    }

    private static Method singleAbstractMethod(Class<?> iface) {
        Method found = null;
        for (Method method : iface.getMethods()) {
            if (!Modifier.isAbstract(method.getModifiers()) || isObjectMethod(method)) {
                continue;
            }
            if (found != null) {
                return null;
            }
            found = method;
        }
        return found;
    }

    private static boolean isObjectMethod(Method method) {
        try {
            Object.class.getMethod(method.getName(), method.getParameterTypes());
            return true;
        }
        catch (NoSuchMethodException ex) {
            return false;
        }
    }
}
