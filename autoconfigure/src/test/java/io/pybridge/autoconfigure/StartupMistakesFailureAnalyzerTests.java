package io.pybridge.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.PythonOperations;
import io.pybridge.core.exception.PythonClientValidationException;
import io.pybridge.autoconfigure.client.EnablePythonClients;
import io.pybridge.autoconfigure.mistakes.BrokenClient;
import io.pybridge.autoconfigure.client.PythonClientsAutoConfiguration;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.env.MockEnvironment;

/**
 * The common start-up mistakes end in a failure report that names the property or file and
 * says what to do: one test per case, each starting a real context and asserting the analyzer's text.
 */
class StartupMistakesFailureAnalyzerTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PythonAutoConfiguration.class, PythonClientsAutoConfiguration.class));

    @Configuration(proxyBeanMethods = false)
    @EnablePythonClients(basePackageClasses = BrokenClient.class)
    static class BrokenClients {
    }

    @Test
    void aSyntaxErrorOnceAsTheHeadlineThenEveryOtherBrokenMethodOfEveryClient() {
        contextRunner.withUserConfiguration(BrokenClients.class).run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new PythonClientValidationFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            String nl = System.lineSeparator();
            // The syntax error breaks BrokenClient.broken and AnotherBrokenClient.fine: one problem, said once.
            assertThat(analysis.getDescription())
                    .startsWith("Python module 'autoconf_broken_syntax' has a syntax error in ")
                    .containsPattern("/python/autoconf_broken_syntax.py, line 2; it breaks 2 methods of 2 Python clients: ")
                    .contains("BrokenClient.broken -> autoconf_broken_syntax.anything")
                    .contains("AnotherBrokenClient.fine -> autoconf_broken_syntax.fine")
                    .contains("/python/autoconf_broken_syntax.py\", line 2")
                    .contains("    def oops(:")
                    .containsPattern("def oops\\(:\\R +\\^")
                    .contains(nl + "3 other problems:" + nl + "- ")
                    .contains("AnotherBrokenClient.missing_too -> autoconf_mod.missing_too")
                    .contains("BrokenClient.no_such_function -> autoconf_mod.no_such_function")
                    .contains("BrokenClient.third -> autoconf_mod.also_missing");
            assertThat(analysis.getDescription().split("def oops\\(:", -1)).as("the source line once").hasSize(2);
            assertThat(analysis.getDescription().split("has a syntax error", -1)).as("the syntax error once").hasSize(2);
            assertThat(analysis.getDescription()).isEqualTo(analysis.getDescription().replaceAll("[^\\x00-\\x7F]", ""));
            assertThat(analysis.getAction()).contains("line marked with ^").contains("each other problem listed")
                    .contains("@PythonCall");
        });
    }

    @Test
    void brokenMethodsWithoutASyntaxErrorAreListedOneALine() {
        contextRunner.withUserConfiguration(BrokenClients.class).run(context -> {
            Throwable failure = context.getStartupFailure();
            while (!(failure instanceof PythonClientValidationException)) {
                failure = failure.getCause();
            }
            // The same start's problems other than the syntax error, as they are reported without one.
            List<PythonClientValidationException> others = ((PythonClientValidationException) failure).getProblems().stream()
                    .skip(1).map(problem -> new PythonClientValidationException(problem, new IllegalStateException(problem)))
                    .toList();
            FailureAnalysis analysis = new PythonClientValidationFailureAnalyzer().analyze(
                    PythonClientValidationException.combined("2 Python clients", others));
            assertThat(analysis.getDescription()).startsWith("3 Python client methods do not match their Python functions:")
                    .contains("- Python client method AnotherBrokenClient.missing_too -> autoconf_mod.missing_too");
            assertThat(analysis.getAction()).contains("pybridge.clients.validation=first-call");
        });
    }

    @Test
    void aSyntaxErrorOnItsOwn() {
        contextRunner.run(context -> {
            Throwable failure = null;
            try {
                context.getBean(PythonOperations.class).importModule("autoconf_broken_syntax");
            }
            catch (RuntimeException ex) {
                failure = ex;
            }
            FailureAnalysis analysis = new PythonSyntaxFailureAnalyzer().analyze(failure);
            assertThat(analysis.getDescription()).contains("'autoconf_broken_syntax' has a syntax error")
                    .contains("autoconf_broken_syntax.py\", line 2").containsPattern("def oops\\(:\\R +\\^");
            assertThat(analysis.getAction()).contains("pybridge.python.sources");
        });
    }

    @Test
    void aSourcesLocationThatDoesNotExist() {
        contextRunner.withPropertyValues("pybridge.python.sources=classpath:no-such-python/").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new PythonConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription())
                    .isEqualTo("pybridge.python.sources is classpath:no-such-python/, which does not exist");
            assertThat(analysis.getAction()).contains("pybridge.python.sources").contains("classpath:python/");
        });
    }

    @Test
    void aNegativePermitCount() {
        contextRunner.withPropertyValues("pybridge.permits=-1").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new PythonConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription())
                    .isEqualTo("pybridge.permits cannot be used: permits must not be negative, was -1");
            assertThat(analysis.getAction()).contains("Change pybridge.permits").contains("0 is the automatic choice");
        });
    }

    @Test
    void aNegativeWorkerProcessCount() {
        contextRunner.withPropertyValues("pybridge.processes.size=-1").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new PythonConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).isEqualTo("pybridge.processes cannot be used: worker process size, "
                    + "memory limit and recycling must not be negative");
            assertThat(analysis.getAction()).contains("Change pybridge.processes");
        });
    }

    @Test
    void aThreadStackBelowTheMinimum() {
        contextRunner.withPropertyValues("pybridge.thread-stack-size=1MB").run(context -> {
            FailureAnalysis analysis = new PythonConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).startsWith("pybridge.thread-stack-size cannot be used: threadStackSize must be at least");
        });
    }

    @Test
    void aCallTimingSampleOfZero() {
        contextRunner.withPropertyValues("pybridge.call-timing-sample=0").run(context -> {
            FailureAnalysis analysis = new PythonConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription())
                    .isEqualTo("pybridge.call-timing-sample cannot be used: callTimingSample must be between 1 and 1024, was 0");
        });
    }

    @Test
    void aPermitSwitchIntervalOfZero() {
        contextRunner.withPropertyValues("pybridge.permit-switch-interval=0s").run(context -> {
            FailureAnalysis analysis = new PythonConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).isEqualTo(
                    "pybridge.permit-switch-interval cannot be used: permitSwitchInterval must be a positive duration, was PT0S");
        });
    }

    @Test
    void aPythonPathEntryThatDoesNotExist() {
        contextRunner.withPropertyValues("pybridge.python.path=/nonexistent/site-lib").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new PythonConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("pybridge.python.path names /nonexistent/site-lib");
            assertThat(analysis.getAction()).contains("pybridge.python.path");
        });
    }

    @Test
    void aCacheFolderThatCannotBeWritten(@TempDir Path dir) throws Exception {
        // A jar of sources, to be unpacked into a "cache folder" that is a plain file.
        Path file = java.nio.file.Files.writeString(dir.resolve("not-a-folder"), "x");
        PythonSources sources = new PythonSources(new org.springframework.core.io.support.PathMatchingResourcePatternResolver(
                new java.net.URLClassLoader(new java.net.URL[] { jarWithSources(dir).toUri().toURL() }, null)), file);
        FailureAnalysis analysis = analyzeUnpackingFailure(sources);
        assertThat(analysis.getDescription()).contains("pybridge.python.sources (classpath:pyjar/)").contains(file.toString());
        assertThat(analysis.getAction()).contains("pybridge.python.cache-dir").contains("PYBRIDGE_CACHE_DIR");
    }

    @Test
    void aCacheFolderAnotherUserChanged(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("cache");
        PythonSources sources = new PythonSources(new org.springframework.core.io.support.PathMatchingResourcePatternResolver(
                new java.net.URLClassLoader(new java.net.URL[] { jarWithSources(dir).toUri().toURL() }, null)), cache);
        Path unpacked = sources.directory("classpath:pyjar/", PythonSources.SOURCES, "pybridge.python.sources",
                "classpath:python/").orElseThrow();
        // Another user's folder now, with app.py changed (same size) to run code at import.
        java.nio.file.Files.writeString(unpacked.resolve("app.py"), "X = 2\n");
        java.nio.file.attribute.UserPrincipal nobody;
        try (java.util.stream.Stream<Path> all = java.nio.file.Files.walk(unpacked)) {
            nobody = unpacked.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            for (Path path : all.toList()) {
                java.nio.file.Files.setOwner(path, nobody);
            }
        }
        catch (java.io.IOException | UnsupportedOperationException notPossibleHere) {
            org.junit.jupiter.api.Assumptions.abort("needs root, POSIX owners and a user named nobody: " + notPossibleHere);
            return;
        }
        FailureAnalysis analysis = analyzeUnpackingFailure(sources);
        assertThat(analysis.getDescription()).contains("pybridge.python.sources (classpath:pyjar/)")
                .contains("Refusing to use " + unpacked).contains("is owned by nobody");
        assertThat(analysis.getAction()).startsWith("Use a cache folder that only").contains("pybridge.python.cache-dir")
                .contains("PYBRIDGE_CACHE_DIR");
    }

    @Test
    void aPybridgeBeanMissingBecausePybridgeIsDisabled() {
        contextRunner.withPropertyValues("pybridge.enabled=false").withUserConfiguration(NeedsPython.class)
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = new PythonDisabledFailureAnalyzer(
                            new MockEnvironment().withProperty("pybridge.enabled", "false")).analyze(context.getStartupFailure());
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription()).startsWith("pybridge is disabled (pybridge.enabled=false)")
                            .contains("PythonOperations");
                    assertThat(analysis.getAction()).contains("ObjectProvider<PythonOperations>");
                });
        // Enabled: not this analyzer's business.
        assertThat(new PythonDisabledFailureAnalyzer(new MockEnvironment()).analyze(
                new org.springframework.beans.factory.NoSuchBeanDefinitionException(PythonOperations.class))).isNull();
    }

    @Configuration(proxyBeanMethods = false)
    static class NeedsPython {

        @Bean
        String usesPython(PythonOperations python) {
            return "never";
        }
    }

    private static Path jarWithSources(Path dir) throws Exception {
        Path jar = dir.resolve("app.jar");
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(java.nio.file.Files.newOutputStream(jar))) {
            out.putNextEntry(new java.util.jar.JarEntry("pyjar/"));
            out.closeEntry();
            out.putNextEntry(new java.util.jar.JarEntry("pyjar/app.py"));
            out.write("X = 1\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }

    /** Unpacks the jar's {@code pyjar/} sources, which must fail, and analyzes that failure. */
    private static FailureAnalysis analyzeUnpackingFailure(PythonSources sources) {
        Throwable failure = null;
        try {
            sources.directory("classpath:pyjar/", PythonSources.SOURCES, "pybridge.python.sources", "classpath:python/");
        }
        catch (RuntimeException ex) {
            failure = ex;
        }
        return new PythonConfigurationFailureAnalyzer().analyze(failure);
    }
}
