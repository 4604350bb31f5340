package io.pybridge.core.internal.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pybridge.core.CPythonTest;
import io.pybridge.core.NdArray;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.SharedRuntime;
import io.pybridge.core.exception.PythonConversionException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * numpy arrays both ways. Runs fully where the interpreter has numpy (Debian's python3 with
 * python3-numpy in the interpreter matrix); elsewhere it checks the clear "numpy is missing"
 * error and that everything else still works. The line "numpy round trips verified" in the
 * output tells which happened; the matrix requires it on CI.
 */
@CPythonTest
class NumpyTest {

    final PythonTemplate python = template();

    /** Where the conversions run: the main interpreter here, the worker processes in a subclass. */
    PythonTemplate template() {
        return SharedRuntime.template();
    }

    boolean numpy;

    @BeforeEach
    void detectNumpy() {
        numpy = python.eval("__import__('importlib.util').util.find_spec('numpy') is not None", Boolean.class);
    }

    @Test
    void everyDtypeRoundTrips() {
        if (!numpy) {
            assertThatThrownBy(() -> python.call("pybridge_testmod", "echo", NdArray.of(new double[] { 1 })))
                    .isInstanceOf(PythonConversionException.class).hasMessageContaining("numpy is not installed")
                    .hasMessageContaining("python3-numpy");
            assertThat(python.call("pybridge_testmod", "add", 1, 2)).isEqualTo(3L);
            System.out.println("NumpyTest: numpy missing in this interpreter; the missing-numpy error was checked");
            return;
        }
        Map<NdArray, String> cases = Map.of(
                NdArray.of(new double[] { 1.5, -2.25, Double.NaN, Double.POSITIVE_INFINITY }), "float64",
                NdArray.of(new float[] { 1.5f, -2.25f }), "float32",
                NdArray.of(new long[] { Long.MIN_VALUE, 0, Long.MAX_VALUE }), "int64",
                NdArray.of(new int[] { Integer.MIN_VALUE, 7, Integer.MAX_VALUE }), "int32",
                NdArray.of(new byte[] { -128, 0, 127 }), "int8",
                NdArray.ofUnsigned(new byte[] { (byte) 255, 1 }), "uint8");
        cases.forEach((array, dtype) -> {
            assertThat(python.eval("str(a.dtype)", Map.of("a", array), String.class)).isEqualTo(dtype);
            NdArray back = python.callForObject("pybridge_testmod", "echo", NdArray.class, array);
            assertThat(back.dtype()).isEqualTo(array.dtype());
            assertThat(back.shape()).isEqualTo(array.shape());
            assertThat(back.data()).isEqualTo(array.data());
        });
        System.out.println("NumpyTest: numpy round trips verified with numpy "
                + python.eval("__import__('numpy').__version__", String.class));
    }

    @Test
    void shapesAndPrimitiveArrays() {
        if (!numpy) {
            assertThatThrownBy(() -> python.eval("x", Map.of("x", NdArray.of(new long[] { 1 }))))
                    .isInstanceOf(PythonConversionException.class).hasMessageContaining("numpy");
            return;
        }
        NdArray matrix = NdArray.of(new double[][] { { 1, 2, 3 }, { 4, 5, 6 } });
        assertThat(python.eval("m.shape", Map.of("m", matrix))).isEqualTo(List.of(2L, 3L));
        assertThat(python.eval("float(m[1, 2])", Map.of("m", matrix), Double.class)).isEqualTo(6.0);
        double[][] transposed = python.eval("m.T", Map.of("m", matrix), double[][].class);
        assertThat(transposed).isEqualTo(new double[][] { { 1, 4 }, { 2, 5 }, { 3, 6 } });
        NdArray cube = python.eval("__import__('numpy').arange(24, dtype='int32').reshape(2, 3, 4)", NdArray.class);
        assertThat(cube.shape()).containsExactly(2, 3, 4);
        assertThat(cube.ints()).containsExactly(IntStream.range(0, 24).toArray());
        assertThat(python.eval("__import__('numpy').linspace(0, 1, 5)", double[].class))
                .containsExactly(0, 0.25, 0.5, 0.75, 1);
        // The natural mapping of a numpy array is an NdArray; a non-contiguous slice is copied contiguously.
        Object natural = python.eval("__import__('numpy').arange(10)[::3]");
        assertThat(natural).isInstanceOf(NdArray.class);
        assertThat(((NdArray) natural).longs()).containsExactly(0, 3, 6, 9);
        assertThatThrownBy(() -> python.eval("__import__('numpy').zeros((2, 2))", double[].class))
                .isInstanceOf(PythonConversionException.class).hasMessageContaining("double[][]");
        assertThatThrownBy(() -> python.eval("__import__('numpy').zeros(2, dtype=complex)", NdArray.class))
                .isInstanceOf(PythonConversionException.class).hasMessageContaining("no Java counterpart");
        assertThat(python.eval("__import__('numpy').array([1, -2], dtype='int8')", byte[].class)).containsExactly(1, -2);
        // Plain Java arrays stay lists.
        assertThat(python.call("pybridge_testmod", "type_name", (Object) new double[] { 1 })).isEqualTo("list");
    }

    @Test
    void aZeroCopyViewSeesJavaWritesAndJavaSeesPythonWrites() {
        if (!numpy) {
            DoubleBuffer buffer = ByteBuffer.allocateDirect(8 * 4).order(ByteOrder.nativeOrder()).asDoubleBuffer();
            assertThatThrownBy(() -> python.eval("v", Map.of("v", NdArray.view(buffer))))
                    .isInstanceOf(PythonConversionException.class).hasMessageContaining("numpy");
            return;
        }
        DoubleBuffer buffer = ByteBuffer.allocateDirect(8 * 6).order(ByteOrder.nativeOrder()).asDoubleBuffer();
        for (int i = 0; i < 6; i++) {
            buffer.put(i, i);
        }
        NdArray.NumpyView view = NdArray.view(buffer, 2, 3);
        // exec with variables runs in a private namespace: store the view in __main__ explicitly.
        python.exec("import sys\nsys.modules['__main__'].held_view = v", Map.of("v", view));
        assertThat(python.eval("held_view.shape")).isEqualTo(List.of(2L, 3L));
        assertThat(python.eval("float(held_view[1, 2])", Double.class)).isEqualTo(5.0);
        buffer.put(4, 42.0); // Java writes; numpy sees it without any call moving data
        assertThat(python.eval("float(held_view[1, 1])", Double.class)).isEqualTo(42.0);
        python.exec("held_view[0, 0] = -1.0");
        assertThat(buffer.get(0)).isEqualTo(-1.0);
        assertThat(python.eval("held_view.flags['OWNDATA']", Boolean.class)).isFalse();
        // The view keeps working after Python and Java collect garbage: its keepalive holds the buffer.
        view = null;
        System.gc();
        python.exec("import gc\ngc.collect()\n_junk = [str(i) * 3 for i in range(100000)]\ndel _junk\ngc.collect()");
        assertThat(python.eval("float(held_view.sum())", Double.class)).isEqualTo(-1 + 1 + 2 + 3 + 42 + 5.0);
        int functionsWithView = SharedRuntime.get().liveJavaFunctionCount();
        python.exec("del held_view\nimport gc\ngc.collect()");
        assertThat(SharedRuntime.get().liveJavaFunctionCount()).as("keepalive released with the last view")
                .isEqualTo(functionsWithView - 1);
        assertThatThrownBy(() -> NdArray.view(ByteBuffer.allocateDirect(16).asDoubleBuffer()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("native byte order");
        assertThatThrownBy(() -> NdArray.view(DoubleBuffer.allocate(2))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("direct");
    }

    @Test
    void aResultRequestedAsAViewIsAReadOnlyDirectBuffer() {
        if (!numpy) {
            assertThatThrownBy(() -> python.eval("1", NdArray.NumpyView.class)).isInstanceOf(PythonConversionException.class);
            return;
        }
        // Large (8 MB: shared memory from a worker) and small (sent in the frame from a worker).
        for (int n : new int[] { 1_000_000, 10 }) {
            try (NdArray.NumpyView view = python.eval("__import__('numpy').arange(n, dtype='float64').reshape(2, n // 2) * 0.5",
                    Map.of("n", n), NdArray.NumpyView.class)) {
                assertThat(view.dtype()).isEqualTo(NdArray.DType.FLOAT64);
                assertThat(view.shape()).containsExactly(2, n / 2);
                DoubleBuffer values = (DoubleBuffer) view.buffer();
                assertThat(values.isDirect()).isTrue();
                assertThat(values.isReadOnly()).isTrue();
                assertThat(values.remaining()).isEqualTo(n);
                assertThat(values.get(0)).isEqualTo(0.0);
                assertThat(values.get(n - 1)).isEqualTo((n - 1) * 0.5);
                assertThatThrownBy(() -> values.put(0, 1.0)).isInstanceOf(java.nio.ReadOnlyBufferException.class);
            }
        }
        // Every dtype, a signed int8 included (a plain ByteBuffer would be uint8).
        Map<String, NdArray.DType> dtypes = Map.of("float32", NdArray.DType.FLOAT32, "int64", NdArray.DType.INT64,
                "int32", NdArray.DType.INT32, "int8", NdArray.DType.INT8, "uint8", NdArray.DType.UINT8);
        dtypes.forEach((name, dtype) -> {
            NdArray.NumpyView view = python.eval("__import__('numpy').full(100000, 7, dtype=d)", Map.of("d", name),
                    NdArray.NumpyView.class);
            assertThat(view.dtype()).as(name).isEqualTo(dtype);
            assertThat(view.buffer().remaining()).isEqualTo(100_000);
            view.close();
            view.close(); // twice: nothing more
        });
        // Inside other results, and refused for what is not a numpy array, as NdArray is.
        List<NdArray.NumpyView> views = python.eval("[__import__('numpy').ones(70000), __import__('numpy').zeros(3)]", Map.of(),
                new io.pybridge.core.TypeRef<List<NdArray.NumpyView>>() {
                });
        assertThat(((DoubleBuffer) views.get(0).buffer()).get(69_999)).isEqualTo(1.0);
        assertThat(views.get(1).buffer().remaining()).isEqualTo(3);
        views.forEach(NdArray.NumpyView::close);
        assertThatThrownBy(() -> python.eval("[1, 2]", NdArray.NumpyView.class)).isInstanceOf(PythonConversionException.class)
                .hasMessageContaining("a numpy array is needed");
        assertThat(python.eval("None", NdArray.NumpyView.class)).isNull();
    }
}
