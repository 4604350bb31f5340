package io.pybridge.embedded;

import io.pybridge.core.PythonRuntime;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.runtime.PythonRuntimeConfig;
import java.time.Duration;

/**
 * Started by {@link RelocatableCPythonTest} in a JVM whose PATH has no Python: boots pybridge with
 * nothing configured, so the bundled CPython is the one chosen, and prints what it finds.
 */
public final class BootWithoutHostPython {

    private BootWithoutHostPython() {
    }

    public static void main(String[] args) throws Exception {
        long begin = System.nanoTime();
        PythonRuntime runtime = PythonRuntime.start(PythonRuntimeConfig.builder().build());
        try {
            PythonTemplate python = new PythonTemplate(runtime);
            System.out.println("boot-ms " + (System.nanoTime() - begin) / 1_000_000);
            System.out.println("version " + python.eval("'%d.%d.%d' % __import__('sys').version_info[:3]"));
            System.out.println("executable " + python.eval("__import__('sys').executable"));
            // The C modules a service meets first, ctypes with the libffi shipped beside libpython.
            python.exec("import ssl, json, ctypes, sqlite3, decimal, hashlib, zlib, lzma, bz2, uuid, venv");
            System.out.println("ctypes " + python.eval("__import__('ctypes').c_int(41).value + 1"));
            System.out.println("openssl " + python.eval("__import__('ssl').OPENSSL_VERSION"));
            System.out.println("sum " + python.eval("sum(i * i for i in range(1000))"));
        }
        finally {
            runtime.close(Duration.ofSeconds(20));
        }
    }
}
