package io.pybridge.core.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.CPythonTest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A Java callback whose own frames take tens of KiB, called by Python at every level of a
 * recursion that goes on until the stack runs out, ends in a {@code RecursionError} Java sees as
 * {@code PythonRecursionException}, from every kind of caller, never in CPython stopping the
 * process. On CPython 3.14.2+ that is the callback entry's check of the C stack left
 * ({@code JavaCallables}); before, pybridge's own limits. Runs in a child JVM
 * ({@link CallbackStackProbe}), which a fatal error in CPython would kill.
 */
@CPythonTest
class CallbackStackTest {

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void deepJavaFramesInCallbacksEndInRecursionErrorFromEveryCaller() throws Exception {
        ChildJvm.Result child = ChildJvm.run(CallbackStackProbe.class, List.of(), Map.of());

        assertThat(child.exitCode()).as(child.describe()).isZero();
        List<String> lines = child.lines("case ");
        long callers = lines.stream().map(line -> line.split(" ")[0]).distinct().count();
        assertThat(callers).as(child.describe()).isGreaterThanOrEqualTo(3);
        assertThat(lines).as(child.describe()).hasSize((int) (2 * CallbackStackProbe.JAVA_LEVELS.length
                * CallbackStackProbe.THROUGH_C.length * callers));
        for (String line : lines) {
            String[] parts = line.split(" ", 6);
            assertThat(parts[4]).as(line).isEqualTo("PythonRecursionException");
            assertThat(parts[5]).as(line).startsWith("RecursionError");
        }
        assertThat(child.lines("health ")).containsExactly("45");
        System.out.println("CallbackStackTest:\n" + String.join("\n", lines));
    }
}
