package io.pybridge.benchmarks;

import io.pybridge.core.PythonRuntime;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.runtime.PythonRuntimeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

/**
 * How deep recursion through C may go from a thread of each stack size before
 * {@code RecursionError}: the deepest nesting {@code json.dumps}, {@code repr} and {@code pickle}
 * take, and the deepest {@code sorted(key=...)} recursion, found by bisection on platform threads
 * of 256 KiB, 512 KiB, 1 MiB and 16 MiB. For the docs' table; compare with {@code python3} on its
 * main thread (printed first, run as a process).
 *
 * <pre>java -cp benchmarks.jar io.pybridge.benchmarks.StackDepth</pre>
 */
public final class StackDepth {

    private static final String MODULE = "pybridge_stack_depth";

    private StackDepth() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Files.createTempDirectory("pybridge-stack-depth");
        Path module = folder.resolve(MODULE + ".py");
        Files.writeString(module, String.join("\n",
                "import json, pickle, sys",
                "def nest(depth):",
                "    value = []",
                "    for _ in range(depth):",
                "        value = [value]",
                "    return value",
                "def key_chain(limit):",
                "    level = [0]",
                "    def k(x):",
                "        level[0] += 1",
                "        if level[0] >= limit:",
                "            return 0",
                "        return sorted([1, 2], key=k)[0]",
                "    k(0)",
                "CASES = {",
                "    'json': lambda n: json.dumps(nest(n)),",
                "    'repr': lambda n: repr(nest(n)),",
                "    'pickle': lambda n: pickle.dumps(nest(n)),",
                "    'sorted_key': key_chain,",
                "}",
                "def fits(case, n):",
                "    try:",
                "        CASES[case](n)",
                "        return True",
                "    except RecursionError:",
                "        return False",
                "def deepest(case):",
                "    low, high = 1, 1 << 20",
                "    while low < high:",
                "        middle = (low + high + 1) // 2",
                "        if fits(case, middle):",
                "            low = middle",
                "        else:",
                "            high = middle - 1",
                "    return low",
                "if __name__ == '__main__':",
                "    print('python3 main thread', {case: deepest(case) for case in CASES})",
                ""));
        PythonRuntime runtime = PythonRuntime.start(PythonRuntimeConfig.builder()
                .executable(System.getProperty("pybridge.python")).addPythonPath(folder).build());
        try {
            PythonTemplate python = new PythonTemplate(runtime);
            Process main = new ProcessBuilder(runtime.installation().executable().toString(), module.toString())
                    .redirectErrorStream(true).start();
            System.out.print(new String(main.getInputStream().readAllBytes()));
            main.waitFor(5, TimeUnit.MINUTES);
            System.out.println("Python " + runtime.installation().version() + ", binding " + runtime.nativeBinding());
            for (long kib : new long[] {256, 512, 1024, 16 * 1024}) {
                Map<String, Object> depths = new LinkedHashMap<>();
                FutureTask<Void> probe = new FutureTask<>(() -> {
                    for (String name : new String[] {"json", "repr", "pickle", "sorted_key"}) {
                        depths.put(name, python.call(MODULE, "deepest", name));
                    }
                    return null;
                });
                new Thread(null, probe, "stack-" + kib + "k", kib * 1024).start();
                probe.get(10, TimeUnit.MINUTES);
                System.out.println(kib + " KiB thread " + depths);
            }
        }
        finally {
            runtime.close();
        }
    }
}
