package io.pybridge.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pybridge.core.exception.PythonException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Every operation passes the interceptor once, with what it does: template calls and handle operations. */
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

    /** Records each operation as {@code operation:name}. */
    private static final class Recording implements PythonCallInterceptor {

        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public <T> T intercept(PythonCallDescription call, Supplier<T> proceed) {
            seen.add(call.operation() + ":" + call.name());
            return proceed.get();
        }
    }

    @Test
    void handlesPassTheInterceptorOfTheOperationThatMadeThem() {
        Recording recording = new Recording();
        PythonTemplate python = new PythonTemplate(SharedRuntime.get(), recording);
        PythonObject counter = python.eval("__import__('collections').Counter('abca')", PythonObject.class);
        assertThat(counter.get("a")).isEqualTo(2L);
        assertThat(counter.callMethod("most_common", 1)).isEqualTo(List.of(List.of("a", 2L)));
        assertThat(counter.len()).isEqualTo(3);
        // A handle made inside the handle's own operation belongs to the same interceptor.
        PythonObject keys = counter.callMethodForObject("keys", PythonObject.class);
        assertThat(keys.len()).isEqualTo(3);
        keys.close();
        counter.close();
        assertThat(counter.equals(counter)).isTrue();
        assertThat(counter.hashCode()).isZero(); // a Counter is unhashable
        // equals, hashCode and close pass the gate unobserved.
        assertThat(recording.seen).containsExactly("eval:eval", "object:object.__getitem__",
                "object:object.most_common", "object:object.__len__", "object:object.keys", "object:object.__len__");
        // A handle from a template without an interceptor is not observed by this one.
        PythonObject plain = SharedRuntime.template().eval("object()", PythonObject.class);
        plain.str();
        plain.close();
        assertThat(recording.seen).hasSize(6);
    }
}
