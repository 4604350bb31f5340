package io.pybridge.core.internal.capi;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The C API is declared once, in {@link CApi}: the JNA binding implements each function as a
 * native method bound by {@code Native.register}, with no hand-written forwarding that could
 * drift. No interpreter needed: this reads the declarations. (The FFM binding implements the
 * same interface, so the compiler checks it; the suite runs on it on JDK 22+.)
 */
class CApiBindingTest {

    /**
     * Implemented in Java: memory access, symbol lookup, the functions only some versions export,
     * and the one returning a struct by value.
     */
    private static final Set<String> JAVA_IMPLEMENTED = Set.of("symbol", "readWord", "readsMemoryInline", "readBytes", "bindingName",
            "takeRaisedException", "hasSubInterpreterApi", "newIsolatedInterpreter", "newMethodDef",
            "newCapsuleDestructor", "copyToNative", "copyFromNative", "addressOf", "utf8Of", "Py_SetPythonHome",
            "Py_SetProgramName");

    /** Private natives behind the Java-implemented functions (C types CApi does not expose). */
    private static final Set<String> PRIVATE_NATIVES = Set.of("Py_SetPythonHome", "Py_SetProgramName", "PyErr_Fetch",
            "PyErr_NormalizeException", "PyException_SetTraceback", "PyUnicode_AsUTF8AndSize");

    @Test
    void everyCApiFunctionIsANativeMethodOfTheBindingWithTheSameSignature() throws Exception {
        Set<String> checked = new TreeSet<>();
        for (Method declared : CApi.class.getDeclaredMethods()) {
            if (Modifier.isStatic(declared.getModifiers()) || declared.isDefault()) {
                continue;
            }
            Method implemented = JnaCApi.class.getDeclaredMethod(declared.getName(), declared.getParameterTypes());
            assertThat(implemented.getReturnType()).as(declared.getName()).isEqualTo(declared.getReturnType());
            boolean isNative = Modifier.isNative(implemented.getModifiers());
            assertThat(isNative).as(declared.getName() + " is native").isEqualTo(!JAVA_IMPLEMENTED.contains(declared.getName()));
            checked.add(declared.getName());
        }
        assertThat(checked).hasSizeGreaterThan(80).containsAll(JAVA_IMPLEMENTED);
    }

    @Test
    void theBindingHasNoNativeMethodThatCApiDoesNotDeclareButTheHelpersOfItsJavaMethods() {
        for (Method method : JnaCApi.class.getDeclaredMethods()) {
            if (!Modifier.isNative(method.getModifiers())) {
                continue;
            }
            if (Modifier.isPrivate(method.getModifiers())) {
                assertThat(PRIVATE_NATIVES).as(method.getName()).contains(method.getName());
            }
            else {
                assertThat(declaredInCApi(method)).as(method.getName()).isTrue();
            }
        }
    }

    @Test
    void functionsOnlySomeVersionsExportAreBoundApart() {
        Method[] natives = Arrays.stream(JnaCApi312.class.getDeclaredMethods())
                .filter(method -> Modifier.isNative(method.getModifiers())).toArray(Method[]::new);
        assertThat(natives).isNotEmpty();
        // PyErr_GetRaisedException (3.12+) is called by takeRaisedException, which falls back to PyErr_Fetch.
        assertThat(Arrays.stream(natives).map(Method::getName)).containsExactly("PyErr_GetRaisedException");
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
