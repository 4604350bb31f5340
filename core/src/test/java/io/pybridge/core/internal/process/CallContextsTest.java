package io.pybridge.core.internal.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.runtime.PythonCallContext;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class CallContextsTest {

    /** A context that is the caller thread's name, and records what it restores. */
    private final List<@Nullable Object> restored = new ArrayList<>();

    private final PythonCallContext names = new PythonCallContext() {
        @Override
        public @Nullable Object capture() {
            return Thread.currentThread().getName();
        }

        @Override
        public Scope restore(@Nullable Object captured) {
            restored.add(captured);
            return () -> restored.add("closed");
        }
    };

    @Test
    void aLineGetsTheContextOfTheCallItWasWrittenIn() {
        CallContexts contexts = new CallContexts(names);
        contexts.begin(1);
        String caller = Thread.currentThread().getName();
        try (PythonCallContext.Scope scope = contexts.restore(1)) {
            assertThat(restored).containsExactly(caller);
        }
        assertThat(restored).containsExactly(caller, "closed");
    }

    @Test
    void noCallOrACallNoLongerKeptGetsNothing() {
        CallContexts contexts = new CallContexts(names);
        for (long call = 1; call <= 40; call++) {
            contexts.begin(call);
        }
        assertThat(contexts.restore(0)).isSameAs(PythonCallContext.Scope.EMPTY);
        assertThat(contexts.restore(3)).as("overwritten by a later call").isSameAs(PythonCallContext.Scope.EMPTY);
        assertThat(contexts.restore(41)).as("not begun").isSameAs(PythonCallContext.Scope.EMPTY);
        contexts.restore(40).close();
        assertThat(restored).hasSize(2);
    }

    @Test
    void withoutAContextNothingIsCaptured() {
        CallContexts contexts = new CallContexts(PythonCallContext.NONE);
        contexts.begin(1);
        assertThat(contexts.restore(1)).isSameAs(PythonCallContext.Scope.EMPTY);
    }
}
