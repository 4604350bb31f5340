package io.pybridge.core.convert;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the single abstract method through which a Java object can be called from Python: that
 * of an interface annotated {@link FunctionalInterface} ({@code Function}, {@code Supplier},
 * {@code Runnable}, {@code Callable}, your own...), or of the one interface a lambda or method
 * reference implements. Other objects (a class that happens to implement {@code Comparable}) are
 * not made callable.
 */
final class FunctionalInterfaces {

    private static final Map<Class<?>, Optional<Method>> CACHE = new ConcurrentHashMap<>();

    private FunctionalInterfaces() {
    }

    static Method samOf(Class<?> type) {
        return CACHE.computeIfAbsent(type, FunctionalInterfaces::find).orElse(null);
    }

    private static Optional<Method> find(Class<?> type) {
        boolean lambda = type.isSynthetic() || type.isHidden();
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
