package io.pybridge.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pybridge.core.exception.PythonException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Every template operation passes the interceptor once, with what it does. */
@CPythonTest
class PythonTemplateInterceptorTest {

    @Test
    void interceptorSeesEveryOperation() {
        List<String> seen = new CopyOnWriteArrayList<>();
        PythonCallInterceptor recording = new PythonCallInterceptor() {
            @Override
            public <T> T intercept(PythonCallDescription call, Supplier<T> proceed) {
                try {
                    T result = proceed.get();
                    seen.add(call.operation() + ":" + call.name() + ":ok");
                    return result;
                }
                catch (RuntimeException ex) {
                    seen.add(call.operation() + ":" + call.name() + ":" + ex.getClass().getSimpleName());
                    throw ex;
                }
            }
        };
        PythonTemplate python = new PythonTemplate(SharedRuntime.get(), recording);
        python.call("pybridge_testmod", "add", 1, 2);
        python.eval("1");
        python.exec("pass");
        python.execute(session -> session.eval("2"));
        assertThatThrownBy(() -> python.call("pybridge_testmod", "fail", "x")).isInstanceOf(PythonException.class);
        assertThat(seen).containsExactly("call:pybridge_testmod.add:ok", "eval:eval:ok", "exec:exec:ok",
                "execute:execute:ok", "call:pybridge_testmod.fail:PythonException");
    }
}
