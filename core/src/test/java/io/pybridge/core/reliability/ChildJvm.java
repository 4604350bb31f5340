package io.pybridge.core.reliability;

import io.pybridge.core.matrix.MatrixRuns;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class of the test classpath in a JVM of its own, for the cases that could kill a
 * JVM (native crashes, signals): the suite then reports a crash as a failed assertion with the
 * child's output instead of dying with it. Same JDK, same interpreter ({@code pybridge.test.python}).
 */
final class ChildJvm {

    /** A hang guard only: every probe ends in seconds on a quiet machine. */
    private static final long TIMEOUT_MINUTES = 5;

    private ChildJvm() {
    }

    /** What the child did: its exit code (-1 if it had to be killed) and everything it printed. */
    record Result(int exitCode, String output) {

        /** The child's output lines that start with {@code prefix}, without it. */
        List<String> lines(String prefix) {
            return output.lines().filter(line -> line.startsWith(prefix)).map(line -> line.substring(prefix.length()))
                    .toList();
        }

        String describe() {
            return "exit code " + exitCode + ", output:\n" + (output.length() > 6000
                    ? "..." + output.substring(output.length() - 6000) : output);
        }
    }

    static Result run(Class<?> main, List<String> jvmArgs, Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        return run(MatrixRuns.Jdk.current(), main, jvmArgs, environment, args);
    }

    /** The same on another JDK (a JDK 21+ for virtual threads when the suite runs on 17, say). */
    static Result run(MatrixRuns.Jdk jdk, Class<?> main, List<String> jvmArgs, Map<String, String> environment,
            String... args) throws IOException, InterruptedException {
        List<String> command = command(jdk, main, jvmArgs, args);
        Path log = Files.createTempFile("pybridge-child-", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            boolean finished = process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
            if (!finished) {
                process.destroyForcibly().waitFor();
            }
            return new Result(finished ? process.exitValue() : -1, Files.readString(log, StandardCharsets.UTF_8));
        }
        finally {
            Files.deleteIfExists(log);
        }
    }

    /**
     * Starts the child and returns at once, for tests that act on the child while it runs (kill
     * it, read its processes); its output and errors come through the process's input stream.
     */
    static Process start(Class<?> main, List<String> jvmArgs, String... args) throws IOException {
        return new ProcessBuilder(command(MatrixRuns.Jdk.current(), main, jvmArgs, args)).redirectErrorStream(true)
                .start();
    }

    private static List<String> command(MatrixRuns.Jdk jdk, Class<?> main, List<String> jvmArgs, String... args) {
        List<String> command = new ArrayList<>();
        command.add(jdk.home().resolve("bin").resolve("java").toString());
        if (jdk.feature() >= 22) {
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        String python = System.getProperty("pybridge.test.python");
        if (python != null && !python.isBlank()) {
            command.add("-Dpybridge.test.python=" + python);
        }
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(classPath());
        command.add(main.getName());
        command.addAll(List.of(args));
        return command;
    }

    private static String classPath() {
        String path = System.getProperty("surefire.test.class.path");
        return path != null && !path.isBlank() ? path : System.getProperty("java.class.path");
    }
}
