package io.pybridge.core.matrix;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs a main class of this JVM's test class path in a child JVM (CPython boots once per
 * process, and a crash must not take the suite with it), its output going to a log file.
 */
public final class ChildJvm {

    /** How the child ended: in time or killed at the limit, its exit value, and all it printed. */
    public record Result(boolean finished, int exitValue, String output) {
    }

    private ChildJvm() {
    }

    /**
     * @param jdk the JDK to run it on ({@code --enable-native-access} is added on 22+)
     * @param jvmArgs options before the class path, e.g. system properties
     * @param environment edits the child's environment (it starts as this JVM's)
     * @param limit a hang guard: the child is killed after it
     */
    public static Result run(MatrixRuns.Jdk jdk, List<String> jvmArgs, String mainClass, List<String> args, Path log,
            Consumer<Map<String, String>> environment, Duration limit) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(jdk.home().resolve("bin/java").toString());
        if (jdk.feature() >= 22) {
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(testClassPath());
        command.add(mainClass);
        command.addAll(args);
        Files.createDirectories(log.toAbsolutePath().getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        environment.accept(builder.environment());
        Process process = builder.start();
        boolean finished = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        return new Result(finished, finished ? process.exitValue() : -1, Files.readString(log, StandardCharsets.UTF_8));
    }

    /** The test class path surefire gave this JVM. */
    public static String testClassPath() {
        return Optional.ofNullable(System.getProperty("surefire.test.class.path")).filter(path -> !path.isBlank())
                .orElse(System.getProperty("java.class.path"));
    }
}
