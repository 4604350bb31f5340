package io.pybridge.benchmarks;

import io.pybridge.core.NdArray;
import io.pybridge.core.PythonObject;
import io.pybridge.core.PythonRuntime;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.runtime.NativeBinding;
import io.pybridge.core.runtime.PythonRuntimeConfig;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A runtime with a live Python object (a handle), a Java callback stored in Python, and a
 * {@code double[1_000_000]} for the numpy transfer (numpy must be installed in the interpreter:
 * pass {@code -jvmArgs -Dpybridge.python=...} naming one that has it).
 */
@State(Scope.Benchmark)
public class ObjectsState {

    /** The C API binding: {@code -p binding=FFM,JNA} measures both in one run (FFM needs JDK 22+). */
    @Param("AUTO")
    public String binding;

    static final int LARGE = 1_000_000;

    PythonRuntime runtime;

    PythonTemplate template;

    /** A Python object with a method, kept alive across invocations. */
    PythonObject counter;

    /** The same values as Java data, for the numpy transfer and the arraycopy baseline. */
    double[] values;

    double[] copy;

    @Setup(Level.Trial)
    public void start() {
        runtime = PythonRuntime.start(PythonRuntimeConfig.builder()
                .nativeBinding(NativeBinding.valueOf(binding)).executable(System.getProperty("pybridge.python"))
                .build());
        template = new PythonTemplate(runtime);
        template.exec(String.join("\n",
                "import numpy",
                "class Counter:",
                "    def __init__(self):",
                "        self.n = 0",
                "    def add(self, k):",
                "        self.n += k",
                "        return self.n",
                "def call_java(fn, x):",
                "    return fn(x)",
                "def numpy_sum(a):",
                "    return float(a.sum())",
                "def numpy_roundtrip(a):",
                "    return a",
                ""));
        counter = template.eval("Counter()", PythonObject.class);
        values = new double[LARGE];
        for (int i = 0; i < LARGE; i++) {
            values[i] = i * 0.5;
        }
        copy = new double[LARGE];
    }

    /** The Java callback Python calls: plain data in, plain data out. */
    final Function<Object, Object> increment = x -> ((Long) x) + 1;

    NdArray array() {
        return NdArray.of(values);
    }

    @TearDown(Level.Trial)
    public void stop() {
        if (counter != null) {
            counter.close();
        }
        if (runtime != null) {
            runtime.close();
        }
    }
}
