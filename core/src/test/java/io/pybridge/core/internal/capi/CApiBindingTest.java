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
 * drift. No interpreter needed: this reads the declarations.
 */
class CApiBindingTest {

    /**
     * Implemented in Java: memory access, symbol lookup, the functions only some versions export,
     * and the one returning a struct by value.
     */
    private static final Set<String> JAVA_IMPLEMENTED = Set.of("symbol", "readWord", "readBytes",
            "hasRaisedExceptionApi", "PyErr_GetRaisedException", "hasSubInterpreterApi", "newIsolatedInterpreter");

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
    void theBindingHasNoNativeMethodThatCApiDoesNotDeclare() {
        for (Method method : JnaCApi.class.getDeclaredMethods()) {
            if (Modifier.isNative(method.getModifiers())) {
                assertThat(declaredInCApi(method)).as(method.getName()).isTrue();
            }
        }
    }

    @Test
    void functionsOnlySomeVersionsExportAreBoundApartAndDeclaredInCApi() {
        Method[] natives = Arrays.stream(JnaCApi312.class.getDeclaredMethods())
                .filter(method -> Modifier.isNative(method.getModifiers())).toArray(Method[]::new);
        assertThat(natives).isNotEmpty();
        for (Method method : natives) {
            assertThat(declaredInCApi(method)).as(method.getName()).isTrue();
            assertThat(JAVA_IMPLEMENTED).contains(method.getName());
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
