package sample;

import io.pybridge.core.PythonRuntime;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.classpath.ClasspathFolder;
import io.pybridge.core.exception.PythonInitializationException;
import io.pybridge.core.runtime.PythonPackagesManifest;
import io.pybridge.core.runtime.PythonRuntimeConfig;
import java.nio.file.Path;

/** Boots pybridge with the packages and sources of its own jar and prints what Python reports. */
public final class Main {

    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        PythonRuntimeConfig.Builder builder = PythonRuntimeConfig.builder();
        String python = System.getProperty("sample.python");
        if (python != null) {
            builder.executable(python);
        }
        Path cache = builder.build().resolvedCacheDirectory();
        ClassLoader loader = Main.class.getClassLoader();
        builder.addPackages(ClasspathFolder.directory(loader.getResource("python-packages/" + PythonPackagesManifest.FILE),
                cache, "python-packages"));
        builder.addPythonPath(ClasspathFolder.directory(loader.getResource("python/app.py"), cache, "python-sources"));
        try (PythonRuntime runtime = start(builder.build())) {
            PythonTemplate python3 = new PythonTemplate(runtime);
            System.out.println(python3.call("app", "report"));
            System.out.println("started-in-ms " + (System.nanoTime() - started) / 1_000_000);
        }
    }

    private static PythonRuntime start(PythonRuntimeConfig config) {
        try {
            return PythonRuntime.start(config);
        }
        catch (PythonInitializationException ex) {
            System.out.println("refused " + ex.getReason() + ": " + ex.getMessage());
            System.out.println("action " + ex.getAction());
            System.exit(3);
            throw ex;
        }
    }
}
