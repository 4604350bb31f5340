package io.pybridge.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pybridge.core.exception.PythonError;
import io.pybridge.core.exception.PythonException;
import io.pybridge.core.runtime.NameMapping;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** How a client method's annotations and signature are read: pure reflection, no interpreter. */
class ClientMethodTest {

    @PythonCall(module = "scoring", resilience = "scores")
    interface Scoring {

        double score(String text, @Keyword("lang") String language, @Keyword int limit);

        @PythonCall(module = "other", function = "compute", resilience = "fast", validation = PythonCall.Validation.LAZY)
        CompletableFuture<List<Map<String, Double>>> later(long id);

        @PythonExceptionMapping(python = "ValueError", java = IllegalArgumentException.class)
        void check(String value);
    }

    interface NoModule {
        void nothing();
    }

    @PythonCall(module = "m")
    interface Misordered {
        void call(@Keyword("k") String keyword, String positional);
    }

    @PythonCall(module = "m")
    interface Twice {
        void call(@Keyword("k") String a, @Keyword("k") String b);
    }

    private static ClientMethod method(Class<?> client, String name) {
        for (Method method : client.getMethods()) {
            if (method.getName().equals(name)) {
                return new ClientMethod(client, method, client.getSimpleName());
            }
        }
        throw new IllegalArgumentException(name);
    }

    @Test
    void positionalParametersAndKeywordsAreSplitInOrder() {
        ClientMethod score = method(Scoring.class, "score");
        assertThat(score.module()).isEqualTo("scoring");
        assertThat(score.function()).isEqualTo("score");
        assertThat(score.resilienceName()).isEqualTo("scores");
        assertThat(score.positionalCount()).isEqualTo(1);
        assertThat(score.keywordNames()).containsExactlyInAnyOrder("lang", "limit");
        Object[] args = { "hello", "en", 3 };
        assertThat(score.positionalArguments(args)).containsExactly("hello");
        assertThat(score.keywordArguments(args, score.keywordNames(NameMapping.SNAKE_CASE))).containsExactly(Map.entry("lang", "en"), Map.entry("limit", 3));
        assertThat(score.isAsync()).isFalse();
        assertThat(score.resultType()).isEqualTo(double.class);
    }

    @Test
    void methodAnnotationsOverrideTheInterfaceAndFuturesGiveTheirElementType() {
        ClientMethod later = method(Scoring.class, "later");
        assertThat(later.module()).isEqualTo("other");
        assertThat(later.function()).isEqualTo("compute");
        assertThat(later.resilienceName()).isEqualTo("fast");
        assertThat(later.validation()).isEqualTo(PythonCall.Validation.LAZY);
        assertThat(later.isAsync()).isTrue();
        assertThat(later.resultType().getTypeName()).isEqualTo("java.util.List<java.util.Map<java.lang.String, java.lang.Double>>");
        assertThat(later.keywordArguments(new Object[] { 1L }, List.of())).isEmpty();
    }

    @Test
    void pythonExceptionsMapToTheDeclaredJavaExceptionWithTheCause() {
        ClientMethod check = method(Scoring.class, "check");
        PythonException valueError = new PythonException(new PythonError("ValueError", "bad", List.of("ValueError",
                "Exception", "BaseException"), List.of(), null, null));
        RuntimeException mapped = check.map(valueError);
        assertThat(mapped).isInstanceOf(IllegalArgumentException.class).hasMessage("ValueError: bad").hasCause(valueError);
        PythonException typeError = new PythonException(PythonError.reported("TypeError", "no"));
        assertThat(check.map(typeError)).isSameAs(typeError);
    }

    @Test
    void invalidDeclarationsFailWithTheMethodNamed() {
        assertThatThrownBy(() -> method(NoModule.class, "nothing")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("NoModule.nothing").hasMessageContaining("no Python module");
        assertThatThrownBy(() -> method(Misordered.class, "call")).hasMessageContaining("follows a @Keyword parameter");
        assertThatThrownBy(() -> method(Twice.class, "call")).hasMessageContaining("keyword 'k' is used twice");
    }
}
