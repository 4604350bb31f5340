package io.pybridge.maven;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs the installing interpreter: with its bundled library folder first on
 * {@code LD_LIBRARY_PATH} when it is the embedded CPython, without the user's site folder, with
 * standard error merged into the output each line of which goes to a consumer (the Maven log).
 */
final class PythonProcess {

    private final Path python;

    private final Map<String, String> environment;

    private final Path workingDirectory;

    /**
     * @param environment variables to set for it (e.g. {@code LD_LIBRARY_PATH})
     * @param workingDirectory the project's folder, so relative paths in pip's arguments
     *        ({@code --find-links=wheels}) mean what they mean in the up-to-date hash
     */
    PythonProcess(Path python, Map<String, String> environment, Path workingDirectory) {
        this.python = python;
        this.environment = Map.copyOf(environment);
        this.workingDirectory = workingDirectory;
    }

    Path python() {
        return python;
    }

    /** Runs {@code command} (its first element is the interpreter) and returns its exit code. */
    int run(List<String> command, Consumer<String> lines) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(workingDirectory.toFile());
        builder.environment().putAll(environment);
        // The user's ~/.local site folder must not leak into what the application ships.
        builder.environment().put("PYTHONNOUSERSITE", "1");
        builder.environment().put("PYTHONIOENCODING", "utf-8");
        // Installing into a plain folder as root (a container build) is what this is for; older pips ignore it.
        builder.environment().putIfAbsent("PIP_ROOT_USER_ACTION", "ignore");
        Process process = builder.start();
        process.getOutputStream().close(); // pip runs with --no-input; nothing must wait for a keyboard
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                lines.accept(line);
            }
            return process.waitFor();
        }
        catch (InterruptedException ex) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while " + python + " ran");
        }
    }
}
