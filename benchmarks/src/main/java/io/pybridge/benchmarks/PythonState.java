package io.pybridge.benchmarks;

import io.pybridge.core.PythonRuntime;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.runtime.NativeBinding;
import io.pybridge.core.runtime.PythonRuntimeConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One Python runtime per trial, shared by every benchmark thread.
 *
 * <p>CPython cannot be initialized twice in one process, so each benchmark needs its own fork
 * (the default {@code @Fork(1)}); running with {@code -f 0} fails from the second benchmark on.
 * The interpreter is chosen with {@code -Dpybridge.python=/path/to/python3} (pass it through
 * {@code -jvmArgs}); without it {@code python3} is discovered as usual.
 */
@State(Scope.Benchmark)
public class PythonState {

    /** The C API binding: {@code -p binding=FFM,JNA} measures both in one run (FFM needs JDK 22+). */
    @Param("AUTO")
    public String binding;

    static final String HELPERS = String.join("\n",
            "def add(a, b):",
            "    return a + b",
            "",
            "def echo(x):",
            "    return x",
            "",
            "def fail():",
            "    raise ValueError('boom')",
            "",
            "def count(n):",
            "    yield from range(n)",
            "",
            "async def answer():",
            "    return 42",
            "");

    PythonRuntime runtime;

    PythonTemplate template;

    /** 1,000 boxed ints, built once so the benchmark measures the round trip only. */
    List<Integer> ints;

    Map<String, Object> variables;

    @Setup(Level.Trial)
    public void start() {
        runtime = PythonRuntime.start(PythonRuntimeConfig.builder()
                .nativeBinding(NativeBinding.valueOf(binding))
                .executable(System.getProperty("pybridge.python"))
                .build());
        template = new PythonTemplate(runtime);
        template.exec(HELPERS);
        List<Integer> list = new ArrayList<>(1_000);
        for (int i = 0; i < 1_000; i++) {
            list.add(i);
        }
        ints = Collections.unmodifiableList(list);
        variables = Map.of("x", 20);
    }

    @TearDown(Level.Trial)
    public void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }
}
