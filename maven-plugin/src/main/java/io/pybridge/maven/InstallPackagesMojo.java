package io.pybridge.maven;

import io.pybridge.core.runtime.PythonPackagesManifest;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.jspecify.annotations.Nullable;

/**
 * Installs the Python packages the project declares (in the pom, in requirements files or both)
 * with pip of the CPython the application will run, into the build output
 * ({@code target/classes/python-packages} by default), so they ship inside the jar; at run time
 * pybridge puts them on {@code sys.path} before the application's sources.
 *
 * <p>By default the interpreter is the embedded CPython of {@code pybridge-python-embedded} (a
 * dependency of this plugin, the same version the application gets), unpacked into the same cache
 * folder the application uses. An application that boots another Python names it in
 * {@code <python>}. Beside the packages it writes {@code pybridge-packages.properties}: the
 * interpreter's version, ABI tag and platform, which the runtime checks before it boots; a
 * hash of the inputs, kept in the build folder, spares an unchanged declaration a new install.
 */
@Mojo(name = "install-packages", defaultPhase = LifecyclePhase.GENERATE_RESOURCES, threadSafe = true)
public final class InstallPackagesMojo extends AbstractMojo {

    /** Requirement specifiers, as pip takes them: {@code numpy==2.1.3}, {@code requests>=2}. */
    @Parameter
    private List<String> packages = new ArrayList<>();

    /** Requirements files ({@code pip install -r}); a missing file is an error. */
    @Parameter
    private List<File> requirementsFiles = new ArrayList<>();

    /**
     * Extra pip arguments, put before the requirements: e.g. {@code --no-index} and
     * {@code --find-links=${project.basedir}/wheels} for an offline build, or
     * {@code --index-url} for a mirror.
     */
    @Parameter
    private List<String> pipArguments = new ArrayList<>();

    /**
     * The Python to install with: an executable (path or command) or a virtualenv folder. Unset:
     * the embedded CPython. It must be the Python the application boots; the runtime refuses
     * packages made for another ABI.
     */
    @Parameter(property = "pybridge.python")
    private @Nullable String python;

    /** Where the packages go; {@code python-packages/} of the classpath is where the runtime looks. */
    @Parameter(defaultValue = "${project.build.outputDirectory}/python-packages", required = true)
    private File outputDirectory;

    /** The folder the embedded CPython is unpacked to; unset: the runtime's default cache folder. */
    @Parameter(property = "pybridge.cacheDir")
    private @Nullable File cacheDirectory;

    /** Where the hash of the inputs of the last installation is kept (outside the jar). */
    @Parameter(defaultValue = "${project.build.directory}/pybridge/python-packages.inputs", required = true)
    private File inputsStamp;

    /** Install even when the inputs did not change. */
    @Parameter(property = "pybridge.packages.force", defaultValue = "false")
    private boolean force;

    /** Skips this goal. */
    @Parameter(property = "pybridge.packages.skip", defaultValue = "false")
    private boolean skip;

    /** The project's folder, against which relative {@code --find-links} folders are read. */
    @Parameter(defaultValue = "${project.basedir}", readonly = true, required = true)
    private File baseDirectory;

    @Override
    public void execute() throws MojoExecutionException {
        if (skip) {
            getLog().info("Python packages: skipped");
            return;
        }
        PipCommand declared = command(Path.of("python"));
        if (declared.isEmpty()) {
            getLog().info("Python packages: none declared");
            return;
        }
        for (Path file : declared.requirementFiles()) {
            if (!Files.isRegularFile(file)) {
                throw new MojoExecutionException("The requirements file " + file + " does not exist");
            }
        }
        try {
            PythonProcess process = interpreter();
            PipCommand pip = command(process.python());
            Path target = outputDirectory.toPath();
            Map<String, String> before = describe(process, target.resolveSibling(".pybridge-none"));
            String inputs = InstallationInputs.fingerprint(pip, before, baseDirectory.toPath());
            if (!force && inputs.equals(InstalledManifest.inputsOf(target, inputsStamp.toPath()))) {
                getLog().info("Python packages up to date in " + target + " (" + before.get("python.abi") + ")");
                return;
            }
            getLog().info("Installing Python packages with CPython " + before.get("python.version") + " ("
                    + before.get("python.abi") + ", " + before.get("python.platform") + ") into " + target);
            InstalledManifest.clear(target);
            int exit = process.run(pip.arguments(), line -> getLog().info("[pip] " + line));
            if (exit != 0) {
                throw new MojoExecutionException("pip failed (exit code " + exit + "); its output is above. Command: "
                        + String.join(" ", pip.arguments()));
            }
            // Console scripts name the build machine's interpreter in their first line: useless in a jar.
            InstalledManifest.deleteTree(target.resolve("bin"));
            int compiled = process.run(pip.compileArguments(), line -> getLog().info("[compileall] " + line));
            if (compiled != 0) {
                throw new MojoExecutionException("compileall failed (exit code " + compiled + "); its output is above");
            }
            Map<String, String> after = describe(process, target);
            InstalledManifest.write(target, after);
            InstalledManifest.stamp(inputsStamp.toPath(), inputs);
            getLog().info("Python packages installed: " + after.get("installed"));
        }
        catch (IOException ex) {
            throw new MojoExecutionException("Could not install the Python packages: " + ex.getMessage(), ex);
        }
    }

    private PipCommand command(Path executable) {
        List<Path> requirements = requirementsFiles.stream().map(File::toPath).toList();
        return new PipCommand(executable, outputDirectory.toPath(), packages, requirements, pipArguments);
    }

    /** The configured Python, or the bundled one found through the service loader. */
    private PythonProcess interpreter() throws MojoExecutionException {
        return BuildPython.locate(python, cacheDirectory, baseDirectory.toPath(), "Python packages: installing",
                getLog()::info);
    }

    /** What {@code describe_target.py} reports about the interpreter and {@code target}. */
    private Map<String, String> describe(PythonProcess process, Path target) throws IOException, MojoExecutionException {
        String script;
        try (InputStream in = getClass().getResourceAsStream("describe_target.py")) {
            if (in == null) {
                throw new IllegalStateException("describe_target.py is missing from the plugin");
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> output = new ArrayList<>();
        int exit = process.run(List.of(process.python().toString(), "-c", script, target.toString()), output::add);
        if (exit != 0) {
            throw new MojoExecutionException(process.python() + " could not describe itself (exit code " + exit + "): "
                    + String.join(System.lineSeparator(), output));
        }
        return InstalledManifest.parse(output);
    }
}
