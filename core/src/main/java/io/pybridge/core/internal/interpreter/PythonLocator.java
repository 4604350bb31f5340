package io.pybridge.core.internal.interpreter;

import io.pybridge.core.classpath.UntrustedCacheFolderException;
import io.pybridge.core.exception.PythonInitializationException;
import io.pybridge.core.exception.PythonInitializationException.Reason;
import io.pybridge.core.runtime.BundledPython;
import io.pybridge.core.runtime.PythonInstallation;
import io.pybridge.core.runtime.PythonRuntimeConfig;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Finds the CPython to embed, in this order: an explicit libpython path; the
 * {@value PythonRuntimeConfig#LIBRARY_ENV} environment variable; a Python executable (the
 * configured one, a virtualenv's, {@value PythonRuntimeConfig#EXECUTABLE_ENV}), which is asked
 * where its shared library, prefixes and site-packages are; a {@link BundledPython} on the
 * classpath; else {@code python3} on the PATH. It logs which it chose and why. Each failure
 * says what was tried and how to fix it.
 */
public final class PythonLocator {

    private static final System.Logger LOG = System.getLogger(PythonLocator.class.getName());

    /** Oldest supported CPython (3.10 added the last C API functions pybridge needs). */
    static final int MIN_MINOR = 10;

    /** {@code libpython3.12.so}, or {@code libpython3.13t.so} for a free-threaded build. */
    private static final Pattern LIBRARY_VERSION = Pattern.compile("libpython(\\d+)\\.(\\d+)(t?)");

    private static final String DEBIAN_HINT = "On Debian/Ubuntu: apt-get install python3 libpython3.X, with the 3.X "
            + "of python3 --version (as the README says); with pyenv: "
            + "env PYTHON_CONFIGURE_OPTS=--enable-shared pyenv install 3.X.";

    /** Prints one {@code key<TAB>value} line per fact; lists use the unit separator. */
    private static final String PROBE = String.join("\n",
            "import os, site, sys, sysconfig",
            "def out(key, value): sys.stdout.write(key + '\\t' + ('' if value is None else str(value)) + '\\n')",
            "v = sysconfig.get_config_var",
            // CPython 3.14 reports a relocated build's prefixes as <home>/bin/..: normalised as sys.path is.
            "n = os.path.normpath",
            "base = n(sys.base_prefix)",
            "out('version', '%d.%d.%d' % sys.version_info[:3])",
            "out('executable', os.path.abspath(sys.executable) if sys.executable else '')",
            "out('prefix', n(sys.prefix))",
            "out('base_prefix', base)",
            "out('stdlib', os.path.dirname(os.__file__))",
            "out('shared', v('Py_ENABLE_SHARED'))",
            "out('gil_disabled', v('Py_GIL_DISABLED'))",
            // A relocated build (moved after it was built, e.g. unpacked from a jar) keeps the
            // build machine's LIBDIR: its library is looked for next to its prefix too.
            "out('libs', '\\x1f'.join(os.path.join(d, f) for d in (v('LIBDIR'), v('LIBPL'),",
            "    os.path.join(v('LIBDIR') or '', v('MULTIARCH') or ''), base, os.path.join(base, 'lib'))",
            "    for f in (v('INSTSONAME'), v('LDLIBRARY')) if d and f))",
            "out('site', '\\x1f'.join(n(p) for p in (site.getsitepackages() if hasattr(site, 'getsitepackages') else [])))",
            "");

    private final PythonRuntimeConfig config;

    /** The setting that chose the Python, once {@link #locate()} got that far. */
    private @Nullable String choice;

    public PythonLocator(PythonRuntimeConfig config) {
        this.config = config;
    }

    /**
     * Which setting chose the Python {@link #locate()} found, as the start-up log names it, for
     * failures after it (booting, the packages' check) to name too; null before.
     */
    public @Nullable String choice() {
        return choice;
    }

    /**
     * Locates the installation or throws a {@link PythonInitializationException} saying why not,
     * and, once a setting chose the Python, which one ({@link PythonInitializationException#getPythonChoice()}).
     * The start-up log names that setting too.
     */
    public PythonInstallation locate() {
        if (config.libraryPath() != null) {
            return chosen(() -> fromLibrary(config.libraryPath(), "the configured library path"),
                    "the configured library (" + config.libraryPath() + ")");
        }
        String fromEnv = config.env(PythonRuntimeConfig.LIBRARY_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return chosen(() -> fromLibrary(Path.of(fromEnv), "the environment variable " + PythonRuntimeConfig.LIBRARY_ENV),
                    "the environment variable " + PythonRuntimeConfig.LIBRARY_ENV + " (" + fromEnv + ")");
        }
        String configured = configuredExecutable();
        if (configured != null) {
            return chosen(() -> fromExecutable(configured), executableChoice() + " (" + configured + ")");
        }
        for (BundledPython bundled : ServiceLoader.load(BundledPython.class, PythonLocator.class.getClassLoader())) {
            if (bundled.isAvailable()) {
                return chosen(() -> fromBundled(bundled), bundled.description() + ", bundled with the application (no "
                        + "Python configured; set pybridge.python.executable or .library to use another)");
            }
            LOG.log(Level.INFO, "{0} is on the classpath but not for this platform ({1} {2}); looking further",
                    bundled.description(), System.getProperty("os.name"), System.getProperty("os.arch"));
        }
        return chosen(() -> fromExecutable("python3"), "python3 on the PATH (nothing configured, none bundled)");
    }

    /**
     * Which setting gave the executable {@link #configuredExecutable()} found: the virtualenv, the
     * executable as the configuration names its setting, or the environment variable.
     */
    private String executableChoice() {
        if (config.virtualenv() != null) {
            return "the configured virtualenv";
        }
        if (config.executable() != null && !config.executable().isBlank()) {
            return config.executableSetting() != null ? config.executableSetting() : "the configured executable";
        }
        return "the environment variable " + PythonRuntimeConfig.EXECUTABLE_ENV;
    }

    /** Finds the Python {@code choice} names, logs it, or rethrows the failure naming {@code choice}. */
    private PythonInstallation chosen(Supplier<PythonInstallation> find, String choice) {
        this.choice = choice;
        PythonInstallation installation;
        try {
            installation = find.get();
        }
        catch (PythonInitializationException ex) {
            throw ex.chosenBy(choice);
        }
        LOG.log(Level.INFO, "Using Python {0} ({1}), chosen by {2}", installation.version(), installation.library(),
                choice);
        return installation;
    }

    private PythonInstallation fromBundled(BundledPython bundled) {
        Path cache = config.resolvedCacheDirectory();
        Path library;
        try {
            library = bundled.library(cache);
        }
        catch (UntrustedCacheFolderException ex) {
            throw new PythonInitializationException(Reason.NOT_FOUND, bundled.description() + " was not used from the "
                    + "cache folder " + cache + ": " + ex.getMessage(), ex.fix() + " Or configure a Python.", ex);
        }
        catch (RuntimeException ex) {
            throw new PythonInitializationException(Reason.NOT_FOUND, bundled.description() + " could not be unpacked to "
                    + cache + ": " + ex.getMessage(), "Make the cache folder writable or point it elsewhere "
                    + "(pybridge.python.cache-dir or " + PythonRuntimeConfig.CACHE_DIR_ENV + "), or configure a Python.",
                    ex);
        }
        PythonInstallation found = fromLibrary(library, bundled.description());
        if (found.executable() == null) {
            return found;
        }
        // Its own executable knows the full version and its site-packages; it runs without
        // LD_LIBRARY_PATH when it finds libpython beside it (a relocatable build's RUNPATH).
        try {
            PythonInstallation asked = fromExecutable(found.executable().toString());
            return asked.library().toRealPath().equals(library.toRealPath()) ? asked : found;
        }
        catch (PythonInitializationException | IOException ex) {
            LOG.log(Level.DEBUG, "Could not ask {0} about itself: {1}", found.executable(), ex.getMessage());
            return found;
        }
    }

    /** The executable asked for (explicitly, through a virtualenv or the environment), or null. */
    private @Nullable String configuredExecutable() {
        boolean explicitExecutable = config.executable() != null && !config.executable().isBlank();
        if (explicitExecutable && config.virtualenv() != null) {
            throw new PythonInitializationException(Reason.NOT_FOUND,
                    "Both a Python executable (" + config.executable() + ") and a virtualenv (" + config.virtualenv()
                            + ") are configured",
                    "Configure one of them: the virtualenv's own interpreter is used when a virtualenv is set.");
        }
        if (explicitExecutable) {
            return config.executable();
        }
        if (config.virtualenv() != null) {
            Path venv = config.virtualenv();
            for (String name : List.of("bin/python3", "bin/python", "Scripts/python.exe")) {
                if (Files.isExecutable(venv.resolve(name))) {
                    return venv.resolve(name).toString();
                }
            }
            throw new PythonInitializationException(Reason.NOT_FOUND,
                    "No Python interpreter in the virtualenv " + venv + " (looked for bin/python3 and bin/python)",
                    "Create it with 'python3 -m venv " + venv + "' or point the virtualenv setting at an existing one.");
        }
        String fromEnv = config.env(PythonRuntimeConfig.EXECUTABLE_ENV);
        return fromEnv != null && !fromEnv.isBlank() ? fromEnv : null;
    }

    /** Asks {@code executable} about itself. */
    PythonInstallation fromExecutable(String executable) {
        Map<String, String> facts = probe(executable);
        String version = facts.getOrDefault("version", "");
        checkVersion(version, executable);
        // Free-threaded builds are accepted (see EmbeddedPython.boot for what changes with them).
        boolean freeThreaded = "1".equals(facts.get("gil_disabled"));
        Path library = null;
        for (String candidate : facts.getOrDefault("libs", "").split("\u001f")) {
            if (!candidate.isEmpty() && isSharedLibrary(Path.of(candidate))) {
                library = Path.of(candidate);
                break;
            }
        }
        if (library == null) {
            throw new PythonInitializationException(Reason.NO_SHARED_LIBRARY,
                    "Python " + version + " at " + executable + " has no shared libpython (Py_ENABLE_SHARED="
                            + facts.get("shared") + "; looked for " + facts.get("libs").replace('\u001f', ',') + ")",
                    "Embedding needs libpython as a shared library. " + DEBIAN_HINT);
        }
        Path home = Path.of(facts.get("base_prefix"));
        Path stdlib = Path.of(facts.get("stdlib"));
        checkHome(stdlib, executable);
        List<Path> site = new ArrayList<>();
        for (String entry : facts.getOrDefault("site", "").split("\u001f")) {
            if (!entry.isEmpty()) {
                site.add(Path.of(entry));
            }
        }
        String exe = facts.get("executable");
        return new PythonInstallation(library, exe == null || exe.isEmpty() ? null : Path.of(exe), home,
                Path.of(facts.get("prefix")), version, site, freeThreaded);
    }

    /** Knows only the library: derives version and home from its name and location. */
    PythonInstallation fromLibrary(Path library, String source) {
        if (!Files.isRegularFile(library)) {
            throw new PythonInitializationException(Reason.NOT_FOUND,
                    "libpython not found at " + library + " (from " + source + ")",
                    "Point it at an existing libpython3.X.so, or unset it to let pybridge ask python3. " + DEBIAN_HINT);
        }
        if (!isSharedLibrary(library)) {
            // A static archive (libpython3.X.a, in every CPython's config folder) cannot be loaded.
            throw new PythonInitializationException(Reason.NO_SHARED_LIBRARY,
                    library + " (from " + source + ") is not a shared library: pybridge loads libpython3.X.so into the JVM"
                            + (library.getFileName().toString().endsWith(".a") ? ", and a .a file is a static archive" : ""),
                    "Point it at the shared libpython3.X.so.1.0 (it lies in the installation's lib/ folder; a build from "
                            + "source needs ./configure --enable-shared), or configure the executable instead. "
                            + DEBIAN_HINT);
        }
        Matcher matcher = LIBRARY_VERSION.matcher(library.getFileName().toString());
        if (!matcher.find()) {
            throw new PythonInitializationException(Reason.NOT_FOUND,
                    library + " (from " + source + ") is not named like a CPython library (libpython3.X...)",
                    "Point it at the shared libpython3.X library itself.");
        }
        String version = matcher.group(1) + "." + matcher.group(2);
        checkVersion(version + ".0", library.toString());
        // A free-threaded build names its library, standard library and executable with a "t".
        boolean freeThreaded = !matcher.group(3).isEmpty();
        String abi = version + matcher.group(3);
        String stdlibName = "lib/python" + abi;
        Path absolute = library.toAbsolutePath();
        for (Path dir = absolute.getParent(); dir != null; dir = dir.getParent()) {
            Path stdlib = dir.resolve(stdlibName);
            if (Files.isRegularFile(stdlib.resolve("os.py"))) {
                Path executable = dir.resolve("bin/python" + abi);
                return new PythonInstallation(absolute, Files.isExecutable(executable) ? executable : null, dir, dir,
                        version, List.of(), freeThreaded);
            }
        }
        throw new PythonInitializationException(Reason.INVALID_HOME,
                "No Python " + version + " standard library (" + stdlibName + "/os.py) found above " + absolute,
                "Configure the Python executable instead of the library, so pybridge can ask it where its home is.");
    }

    private static boolean isSharedLibrary(Path path) {
        String name = path.getFileName().toString();
        return Files.isRegularFile(path) && (name.contains(".so") || name.endsWith(".dylib"));
    }

    private static void checkVersion(String version, String where) {
        String[] parts = version.split("\\.");
        int major = parts.length > 1 ? parseOr(parts[0]) : -1;
        int minor = parts.length > 1 ? parseOr(parts[1]) : -1;
        if (major != 3 || minor < MIN_MINOR) {
            throw new PythonInitializationException(Reason.UNSUPPORTED_VERSION,
                    "Python " + version + " at " + where + " is not supported: pybridge needs CPython 3." + MIN_MINOR
                            + " or newer",
                    "Install CPython 3." + MIN_MINOR + "+ with a shared libpython and point pybridge at it. " + DEBIAN_HINT);
        }
    }

    /** A wrong home makes CPython abort the whole process during init, so it is checked first. */
    private static void checkHome(Path stdlib, String executable) {
        if (!Files.isRegularFile(stdlib.resolve("os.py")) || !Files.isDirectory(stdlib.resolve("encodings"))) {
            throw new PythonInitializationException(Reason.INVALID_HOME,
                    "The standard library of " + executable + " is incomplete at " + stdlib,
                    "Reinstall that Python or point pybridge at another one.");
        }
    }

    private static int parseOr(String text) {
        try {
            return Integer.parseInt(text);
        }
        catch (NumberFormatException ex) {
            return -1;
        }
    }

    private static Map<String, String> probe(String executable) {
        Process process;
        try {
            process = new ProcessBuilder(executable, "-c", PROBE).redirectErrorStream(true).start();
        }
        catch (IOException ex) {
            throw new PythonInitializationException(Reason.NOT_FOUND,
                    "No Python executable '" + executable + "' could be started: " + ex.getMessage(),
                    "Install CPython 3." + MIN_MINOR + "+ or configure the Python executable, library or virtualenv. "
                            + DEBIAN_HINT, ex);
        }
        try (InputStream out = process.getInputStream()) {
            String text = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new PythonInitializationException(Reason.NOT_FOUND,
                        "'" + executable + "' did not answer like a CPython interpreter: " + text.strip(),
                        "Configure a CPython 3." + MIN_MINOR + "+ executable.");
            }
            Map<String, String> facts = new HashMap<>();
            for (String line : text.split("\n")) {
                int tab = line.indexOf('\t');
                if (tab > 0) {
                    facts.put(line.substring(0, tab), line.substring(tab + 1));
                }
            }
            return facts;
        }
        catch (IOException ex) {
            throw new PythonInitializationException(Reason.NOT_FOUND, "Could not read from " + executable, "", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new PythonInitializationException(Reason.NOT_FOUND, "Interrupted while asking " + executable, "", ex);
        }
    }
}
