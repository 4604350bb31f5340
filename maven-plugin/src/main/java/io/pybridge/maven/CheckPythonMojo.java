package io.pybridge.maven;

import io.pybridge.core.client.ClientMethod;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.jspecify.annotations.Nullable;

/**
 * Checks the application's Python against its {@code @PythonCall} clients at build time, with
 * the CPython the application will use: every {@code .py} file of the sources compiles, and each
 * client method's function exists in its module, takes the method's positional arguments and
 * keyword names, and has type hints that the Java types can meet. The Python side reads the
 * modules' syntax trees ({@code check_sources.py}): no module is imported, so none of the
 * application's code runs. Each problem fails the build once, as {@code file:line}, the source
 * line and a caret.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.PROCESS_CLASSES, threadSafe = true,
        requiresDependencyResolution = ResolutionScope.COMPILE)
public final class CheckPythonMojo extends AbstractMojo {

    /** The application's Python sources (what {@code classpath:python/} holds at run time). */
    @Parameter(property = "pybridge.check.sourceDirectory", defaultValue = "${project.basedir}/src/main/resources/python",
            required = true)
    private File sourceDirectory;

    /** The compiled classes searched for {@code @PythonCall} interfaces. */
    @Parameter(defaultValue = "${project.build.outputDirectory}", required = true)
    private File classesDirectory;

    /** The compile class path, so the interfaces' annotations and parameter types resolve. */
    @Parameter(defaultValue = "${project.compileClasspathElements}", readonly = true, required = true)
    private List<String> classpathElements = new ArrayList<>();

    /** The Java sources, to point at the method a problem is about. */
    @Parameter(defaultValue = "${project.compileSourceRoots}", readonly = true, required = true)
    private List<String> compileSourceRoots = new ArrayList<>();

    /**
     * The Python to check with: an executable (path or command) or a virtualenv folder. Unset: the
     * embedded CPython. It should be the Python the application boots, whose grammar decides.
     */
    @Parameter(property = "pybridge.python")
    private @Nullable String python;

    /** The folder the embedded CPython is unpacked to; unset: the runtime's default cache folder. */
    @Parameter(property = "pybridge.cacheDir")
    private @Nullable File cacheDirectory;

    /** Where the list of methods handed to the script is written. */
    @Parameter(defaultValue = "${project.build.directory}/pybridge", required = true)
    private File workDirectory;

    /** Skips this goal. */
    @Parameter(property = "pybridge.check.skip", defaultValue = "false")
    private boolean skip;

    /** The project's folder. */
    @Parameter(defaultValue = "${project.basedir}", readonly = true, required = true)
    private File baseDirectory;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Python check: skipped");
            return;
        }
        Path sources = sourceDirectory.toPath();
        JavaSources javaSources = new JavaSources(compileSourceRoots.stream().map(Path::of).toList());
        List<ClientMethod> methods = new ArrayList<>();
        CheckReport report;
        long files;
        try (ClientInterfaces clients = new ClientInterfaces(classpath(), getClass().getClassLoader())) {
            List<Class<?>> interfaces = clients.find(classesDirectory.toPath());
            List<Class<?>> refused = new ArrayList<>();
            List<String> reasons = new ArrayList<>();
            for (Class<?> client : interfaces) {
                try {
                    // By name: the JVM lists methods in no fixed order, and the report should read the same each build.
                    methods.addAll(ClientMethod.of(client, client.getSimpleName()).stream()
                            .sorted(Comparator.comparing((ClientMethod m) -> m.method().getName())
                                    .thenComparing(m -> m.method().toGenericString()))
                            .toList());
                }
                catch (IllegalStateException | IllegalArgumentException ex) {
                    // What the client factory would refuse at start-up: no module, a misplaced @Keyword...
                    refused.add(client);
                    reasons.add(ex.getMessage());
                }
            }
            report = new CheckReport(methods, javaSources);
            for (int i = 0; i < refused.size(); i++) {
                report.declarationProblem(refused.get(i), null, reasons.get(i));
            }
            files = pythonFiles(sources);
            if (methods.isEmpty() && files == 0) {
                getLog().info("Python check: no Python sources in " + sources + " and no @PythonCall clients");
                return;
            }
            PythonProcess process = BuildPython.locate(python, cacheDirectory, baseDirectory.toPath(), "Python check: checking",
                    getLog()::info);
            Path requests = Files.createDirectories(workDirectory.toPath()).resolve("python-check-methods.txt");
            Files.writeString(requests, CheckReport.requests(methods), StandardCharsets.UTF_8);
            List<String> output = new ArrayList<>();
            int exit = process.run(List.of(process.python().toString(), "-c", script(), sources.toString(),
                    requests.toString()), output::add);
            if (exit != 0) {
                throw new MojoExecutionException(process.python() + " could not check the Python sources (exit code " + exit
                        + "): " + String.join(System.lineSeparator(), output));
            }
            report.read(output);
        }
        catch (IOException ex) {
            throw new MojoExecutionException("Could not check the Python sources: " + ex.getMessage(), ex);
        }
        List<String> problems = report.problems();
        if (problems.isEmpty()) {
            getLog().info("Python check: " + files + " Python file(s) in " + sources + " compile, " + methods.size()
                    + " client method(s) match their functions");
            return;
        }
        for (String problem : problems) {
            getLog().error(problem);
        }
        throw new MojoFailureException(problems.size() == 1 ? "1 problem in the Python sources or the @PythonCall clients"
                + " (above); skip this check with -Dpybridge.check.skip"
                : problems.size() + " problems in the Python sources or the @PythonCall clients (above); skip this check "
                        + "with -Dpybridge.check.skip");
    }

    private List<URL> classpath() throws MojoExecutionException {
        List<URL> urls = new ArrayList<>();
        try {
            urls.add(classesDirectory.toURI().toURL());
            for (String element : classpathElements) {
                urls.add(new File(element).toURI().toURL());
            }
        }
        catch (MalformedURLException ex) {
            throw new MojoExecutionException("A class path element is not a URL: " + ex.getMessage(), ex);
        }
        return urls;
    }

    private static long pythonFiles(Path sources) throws IOException {
        if (!Files.isDirectory(sources)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(sources)) {
            return walk.filter(file -> file.toString().endsWith(".py") && !file.toString().contains("__pycache__")).count();
        }
    }

    private String script() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("check_sources.py")) {
            if (in == null) {
                throw new IllegalStateException("check_sources.py is missing from the plugin");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
