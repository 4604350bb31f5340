package io.pybridge.benchmarks;

import io.pybridge.core.PythonRuntime;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.runtime.PythonRuntimeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a pool costs to start and to keep: boots a runtime with {@code args[0]} pooled
 * interpreters, prints the boot time and the process's resident memory after boot and after
 * every interpreter imported {@code args[1..]} (modules on {@code -Dpybridge.path}). One runtime
 * per process, so compare runs with different pool sizes:
 * {@code java -Dpybridge.python=... -cp benchmarks.jar io.pybridge.benchmarks.PoolFootprint 2 difflib json}.
 */
public final class PoolFootprint {

    private PoolFootprint() {
    }

    public static void main(String[] args) throws IOException {
        int size = Integer.parseInt(args[0]);
        List<String> modules = List.of(args).subList(1, args.length);
        long rssBefore = residentKiB();
        PythonRuntimeConfig.Builder config = PythonRuntimeConfig.builder().executable(System.getProperty("pybridge.python"))
                .poolSize(size);
        String path = System.getProperty("pybridge.path");
        if (path != null) {
            config.addPythonPath(Path.of(path));
        }
        long begin = System.nanoTime();
        PythonRuntime runtime = PythonRuntime.start(config.build());
        long bootMillis = (System.nanoTime() - begin) / 1_000_000;
        long rssBooted = residentKiB();
        PythonTemplate main = new PythonTemplate(runtime);
        importAll(main, modules);
        // Each pooled call takes a free interpreter: with calls one after the other that is the
        // one returned last, so import from as many threads at once as there are interpreters.
        Thread[] importers = new Thread[size];
        for (int i = 0; i < size; i++) {
            importers[i] = new Thread(null, () -> importAll(main.inPool(), modules), "importer", 16L << 20);
            importers[i].start();
        }
        for (Thread importer : importers) {
            try {
                importer.join();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        long rssImported = residentKiB();
        System.out.printf("pool=%d boot=%d ms rss: jvm=%d KiB booted=%d KiB imported=%d KiB%n", size, bootMillis,
                rssBefore, rssBooted, rssImported);
        runtime.close();
    }

    private static void importAll(PythonTemplate template, List<String> modules) {
        for (String module : modules) {
            template.importModule(module).close();
        }
    }

    private static long residentKiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }
}
