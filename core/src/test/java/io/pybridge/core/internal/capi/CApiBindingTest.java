package io.pybridge.core.internal.capi;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The C API is declared once, in {@link CApi}: the JNA binding implements each function as a
 * native method bound by {@code Native.register}, with no hand-written forwarding that could
 * drift. The natives are spread over the layers stacked under {@link JnaCApi}, each registered
 * for itself, so every check below runs over all of them. No interpreter needed: this reads the
 * declarations. (The FFM binding implements the same interface, so the compiler checks it; the
 * suite runs on it on JDK 22+.)
 */
class CApiBindingTest {

    /**
     * Implemented in Java: memory access, symbol lookup, the functions only some versions export,
     * and the one returning a struct by value.
     */
    private static final Set<String> JAVA_IMPLEMENTED = Set.of("symbol", "readWord", "readsMemoryInline", "readBytes", "bindingName",
            "takeRaisedException", "hasSubInterpreterApi", "hasStackProtection", "setStackProtection", "hasRecursionMarginCheck",
            "reachedRecursionLimitWithMargin", "newIsolatedInterpreter", "newMethodDef",
            "newCapsuleDestructor", "copyToNative", "copyFromNative", "addressOf", "utf8Of", "Py_SetPythonHome",
            "Py_SetProgramName");

    /** Private natives behind the Java-implemented functions (C types CApi does not expose). */
    private static final Set<String> PRIVATE_NATIVES = Set.of("Py_SetPythonHome", "Py_SetProgramName", "PyErr_Fetch",
            "PyErr_NormalizeException", "PyException_SetTraceback", "PyUnicode_AsUTF8AndSize");

    private static final List<Class<?>> LAYERS = JnaCApi.layers();

    @Test
    void theRegisteredLayersAreTheWholeBinding() {
        // Native.register binds only the natives a class declares: every class the binding
        // inherits a method from must be among those JnaLibrary registers.
        assertThat(LAYERS).first().isEqualTo(JnaInterpreters.class);
        assertThat(LAYERS).last().isEqualTo(JnaCApi.class);
        assertThat(LAYERS).hasSizeGreaterThanOrEqualTo(8);
        for (Class<?> layer : LAYERS) {
            assertThat(layer.getPackage()).isEqualTo(CApi.class.getPackage());
            assertThat(Modifier.isPublic(layer.getModifiers())).as(layer + " is package-private").isFalse();
        }
        assertThat(LAYERS.get(0).getSuperclass()).isEqualTo(Object.class);
    }

    @Test
    void everyCApiFunctionIsANativeMethodOfTheBindingWithTheSameSignature() throws Exception {
        Set<String> checked = new TreeSet<>();
        for (Method declared : CApi.class.getMethods()) {
            if (Modifier.isStatic(declared.getModifiers()) || declared.isDefault()) {
                continue;
            }
            Method implemented = JnaCApi.class.getMethod(declared.getName(), declared.getParameterTypes());
            assertThat(LAYERS).as(declared.getName() + " is in a registered layer").contains(implemented.getDeclaringClass());
            assertThat(implemented.getReturnType()).as(declared.getName()).isEqualTo(declared.getReturnType());
            boolean isNative = Modifier.isNative(implemented.getModifiers());
            assertThat(isNative).as(declared.getName() + " is native").isEqualTo(!JAVA_IMPLEMENTED.contains(declared.getName()));
            checked.add(declared.getName());
        }
        assertThat(checked).hasSizeGreaterThan(80).containsAll(JAVA_IMPLEMENTED);
    }

    @Test
    void eachFunctionIsDeclaredByOneLayerOnly() {
        // A layer overriding another's function would hide a native behind Java code, or the reverse.
        for (Method declared : CApi.class.getMethods()) {
            if (Modifier.isStatic(declared.getModifiers()) || declared.isDefault()) {
                continue;
            }
            long declaring = LAYERS.stream().filter(layer -> declares(layer, declared)).count();
            assertThat(declaring).as(declared.getName()).isEqualTo(1);
        }
    }

    @Test
    void theBindingHasNoNativeMethodThatCApiDoesNotDeclareButTheHelpersOfItsJavaMethods() {
        int natives = 0;
        for (Class<?> layer : LAYERS) {
            for (Method method : layer.getDeclaredMethods()) {
                if (!Modifier.isNative(method.getModifiers())) {
                    continue;
                }
                natives++;
                if (Modifier.isPrivate(method.getModifiers())) {
                    assertThat(PRIVATE_NATIVES).as(method.getName()).contains(method.getName());
                }
                else {
                    assertThat(declaredInCApi(method)).as(method.getName()).isTrue();
                }
            }
        }
        assertThat(natives).isGreaterThan(80);
    }

    @Test
    void functionsOnlySomeVersionsExportAreBoundApart() {
        Method[] natives = Arrays.stream(JnaCApi312.class.getDeclaredMethods())
                .filter(method -> Modifier.isNative(method.getModifiers())).toArray(Method[]::new);
        assertThat(natives).isNotEmpty();
        // PyErr_GetRaisedException (3.12+) is called by takeRaisedException, which falls back to PyErr_Fetch.
        assertThat(Arrays.stream(natives).map(Method::getName)).containsExactly("PyErr_GetRaisedException");
        // The stack bounds (3.14.2+) are set, and checked, only where hasStackProtection says they can be.
        assertThat(Arrays.stream(JnaCApi314.class.getDeclaredMethods()).filter(method -> Modifier.isNative(method.getModifiers()))
                .map(Method::getName)).containsExactlyInAnyOrder("PyUnstable_ThreadState_SetStackProtection",
                        "_Py_ReachedRecursionLimitWithMargin");
    }

    private static boolean declares(Class<?> layer, Method method) {
        try {
            layer.getDeclaredMethod(method.getName(), method.getParameterTypes());
            return true;
        }
        catch (NoSuchMethodException ex) {
            return false;
        }
    }

    private static boolean declaredInCApi(Method method) {
        try {
            return CApi.class.getMethod(method.getName(), method.getParameterTypes()).getReturnType() == method.getReturnType();
        }
        catch (NoSuchMethodException ex) {
            return false;
        }
    }
}
