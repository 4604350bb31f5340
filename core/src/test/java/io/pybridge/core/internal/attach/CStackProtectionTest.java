package io.pybridge.core.internal.attach;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.internal.capi.CApi;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What is passed to CPython's stack bounds, and what is cleaned up after a refusal, without an interpreter. */
class CStackProtectionTest {

    /** The C API calls made, by name; {@code setStackProtection} returns {@code result}. */
    private final List<String> calls = new ArrayList<>();

    private int result;

    private final CApi api = (CApi) Proxy.newProxyInstance(CApi.class.getClassLoader(), new Class<?>[] {CApi.class},
            (proxy, method, args) -> {
                calls.add(method.getName());
                return switch (method.getName()) {
                    case "hasStackProtection" -> true;
                    case "setStackProtection" -> result;
                    default -> null;
                };
            });

    @Test
    void aRegionIsPassedOnBothKindsOfPath() {
        CStackProtection protection = new CStackProtection(api);
        calls.clear();
        protection.protect(1, new CStackRegion(0x7f00_0000_0000L, 128 * 1024), false);
        protection.protect(1, new CStackRegion(0x7f00_0000_0000L, 128 * 1024), true);
        assertThat(calls).containsExactly("setStackProtection", "setStackProtection");
    }

    @Test
    void aRegionBelowCPythonsMinimumIsNeverPassed() {
        // CPython would refuse it with PyErr_Format, which needs an attached thread state.
        CStackProtection protection = new CStackProtection(api);
        calls.clear();
        protection.protect(1, new CStackRegion(0x7f00_0000_0000L, CStackProtection.CPYTHON_MINIMUM - 1), false);
        protection.protect(1, new CStackRegion(0x7f00_0000_0000L, CStackProtection.CPYTHON_MINIMUM - 1), true);
        protection.protect(1, (CStackRegion) null, true);
        assertThat(calls).isEmpty();
        protection.protect(1, new CStackRegion(0x7f00_0000_0000L, CStackProtection.CPYTHON_MINIMUM), false);
        assertThat(calls).containsExactly("setStackProtection");
    }

    @Test
    void aRefusalOnAnAttachedPathLeavesNoErrorForTheNextCall() {
        CStackProtection protection = new CStackProtection(api);
        result = -1;
        calls.clear();
        protection.protect(1, new CStackRegion(0x7f00_0000_0000L, 128 * 1024), true);
        assertThat(calls).containsExactly("setStackProtection", "PyErr_Clear");
        calls.clear();
        // Not attached: no error can be cleared (nor was one set through a thread state).
        protection.protect(1, new CStackRegion(0x7f00_0000_0000L, 128 * 1024), false);
        assertThat(calls).containsExactly("setStackProtection");
    }

    @Test
    void withoutTheFunctionNothingIsCalled() {
        CApi old = (CApi) Proxy.newProxyInstance(CApi.class.getClassLoader(), new Class<?>[] {CApi.class},
                (proxy, method, args) -> {
                    calls.add(method.getName());
                    return method.getName().equals("hasStackProtection") ? false : null;
                });
        CStackProtection protection = new CStackProtection(old);
        calls.clear();
        protection.protect(1, new CStackRegion(0x7f00_0000_0000L, 1 << 20), true);
        assertThat(calls).isEmpty();
    }
}
