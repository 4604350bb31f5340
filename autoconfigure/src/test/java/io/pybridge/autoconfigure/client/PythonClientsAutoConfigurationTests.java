package io.pybridge.autoconfigure.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.autoconfigure.PythonAutoConfiguration;
import io.pybridge.autoconfigure.client.other.Adder;
import io.pybridge.autoconfigure.client.sample.Calculator;
import io.pybridge.autoconfigure.client.sample.ClientsTestApplication;
import io.pybridge.autoconfigure.client.sample.FancyShouter;
import io.pybridge.core.PythonInterpreter;
import io.pybridge.core.client.PythonClientFactory;
import io.pybridge.core.exception.PythonClientValidationException;
import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;

class PythonClientsAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PythonAutoConfiguration.class, PythonClientsAutoConfiguration.class));

    @Test
    void clientsInTheApplicationPackagesAreBeans() {
        contextRunner.withUserConfiguration(ClientsTestApplication.class).run(context -> {
            assertThat(context).hasSingleBean(Calculator.class).hasSingleBean(FancyShouter.class)
                    .hasSingleBean(PythonClientFactory.class).hasBean("calculator").doesNotHaveBean(Adder.class);
            Calculator calculator = context.getBean(Calculator.class);
            assertThat(calculator.add(40, 2)).isEqualTo(42L);
            assertThat(calculator.shout("hi", "?")).isEqualTo("HI?");
            assertThat(context.getBean("calculator")).isSameAs(calculator);
        });
    }

    @Test
    void theInterpreterOfAClientBindsFromConfiguration() {
        contextRunner.withUserConfiguration(ClientsTestApplication.class)
                .withPropertyValues("pybridge.clients.interpreter.calculator=main", "pybridge.clients.interpreter.other=pool")
                .run(context -> assertThat(context.getBean(PythonClientsProperties.class).getInterpreter())
                        .containsEntry("calculator", PythonInterpreter.MAIN)
                        .containsEntry("other", PythonInterpreter.POOL));
    }

    @Test
    void theWorkerProcessesBindAsAClientsInterpreter() {
        contextRunner.withUserConfiguration(ClientsTestApplication.class)
                .withPropertyValues("pybridge.clients.interpreter.other=process", "pybridge.clients.interpreter.another=PROCESS")
                .run(context -> assertThat(context.getBean(PythonClientsProperties.class).getInterpreter())
                        .containsEntry("other", PythonInterpreter.PROCESS)
                        .containsEntry("another", PythonInterpreter.PROCESS));
    }

    @Test
    void aClientAimedAtTheWorkerProcessesWithoutAnyFailsStartupSayingWhatToSet() {
        // The shared test runtime has no worker processes (ProcessApplicationScenario runs a client in them).
        contextRunner.withUserConfiguration(ClientsTestApplication.class)
                .withPropertyValues("pybridge.clients.interpreter.calculator=process")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("pybridge.processes.size"));
    }

    @Test
    void aClientAimedAtThePoolWithoutOneFailsStartupSayingWhatToSet() {
        // The shared test runtime has no pool on this Python (or none configured): a clear startup error.
        contextRunner.withUserConfiguration(ClientsTestApplication.class)
                .withPropertyValues("pybridge.clients.interpreter.calculator=pool")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("pybridge.pool.size"));
    }

    @Test
    void qualifiedInjection() {
        contextRunner.withUserConfiguration(ClientsTestApplication.class, QualifiedUser.class).run(context -> {
            assertThat(context.getBean(QualifiedUser.class).shouter.shout("quiet")).isEqualTo("QUIET!");
        });
    }

    @Test
    void enablePythonClientsNamesOtherPackages() {
        contextRunner.withUserConfiguration(EnableOtherPackage.class).run(context -> {
            assertThat(context).hasSingleBean(Adder.class);
            assertThat(context.getBean(Adder.class).add(1, 2)).isEqualTo(3L);
        });
    }

    @Test
    void packagesPropertyNamesOtherPackages() {
        contextRunner.withPropertyValues("pybridge.clients.packages=io.pybridge.autoconfigure.client.other")
                .run(context -> assertThat(context.getBean(Adder.class).add(2, 2)).isEqualTo(4L));
    }

    @Test
    void aMismatchedClientFailsStartupNamingInterfaceMethodAndFunction() {
        contextRunner.withPropertyValues("pybridge.clients.packages=io.pybridge.autoconfigure.client.broken")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().isInstanceOf(io.pybridge.core.exception.PythonArgumentException.class);
                    Throwable validation = context.getStartupFailure();
                    while (validation != null && !(validation instanceof PythonClientValidationException)) {
                        validation = validation.getCause();
                    }
                    assertThat(validation).isNotNull().hasMessageContaining("BrokenClient.add -> clients_mod.add")
                            .hasMessageContaining("cannot take 1 positional argument");
                });
    }

    @Test
    void firstCallValidationLetsTheContextStart() {
        contextRunner.withPropertyValues("pybridge.clients.packages=io.pybridge.autoconfigure.client.broken",
                "pybridge.clients.validation=first-call").run(context -> {
                    assertThat(context).hasNotFailed();
                    io.pybridge.autoconfigure.client.broken.BrokenClient client = context
                            .getBean(io.pybridge.autoconfigure.client.broken.BrokenClient.class);
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.add(1))
                            .isInstanceOf(PythonClientValidationException.class);
                });
    }

    /**
     * As under DevTools: the context's class loader loads the application's classes itself
     * (child first), so the interfaces pybridge's own loader sees are other classes. The bean must
     * have the type the application asks for.
     */
    @Test
    void clientsAreOfTheClassesTheContextClassLoaderLoads() throws Exception {
        try (ApplicationClassLoader restartLoader = new ApplicationClassLoader("io.pybridge.autoconfigure.client.sample.")) {
            Class<?> application = restartLoader.loadClass(ClientsTestApplication.class.getName());
            Class<?> calculatorType = restartLoader.loadClass(Calculator.class.getName());
            assertThat(calculatorType).isNotSameAs(Calculator.class);
            contextRunner.withClassLoader(restartLoader).withUserConfiguration(application).run(context -> {
                assertThat(context).hasNotFailed();
                Object calculator = context.getBean(calculatorType);
                assertThat(calculatorType.getMethod("add", long.class, long.class).invoke(calculator, 40L, 2L))
                        .isEqualTo(42L);
                assertThat(context.getBeanNamesForType(Calculator.class)).isEmpty();
            });
        }
    }

    @Test
    void disabledPybridgeRegistersNoClients() {
        contextRunner.withUserConfiguration(ClientsTestApplication.class).withPropertyValues("pybridge.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(Calculator.class));
    }

    /** Loads the classes of one package itself, from the test classes, as DevTools' restart class loader does. */
    private static final class ApplicationClassLoader extends URLClassLoader {

        private final String packagePrefix;

        ApplicationClassLoader(String packagePrefix) {
            super(new URL[] { Calculator.class.getProtectionDomain().getCodeSource().getLocation() },
                    PythonClientsAutoConfigurationTests.class.getClassLoader());
            this.packagePrefix = packagePrefix;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(packagePrefix)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                return loaded != null ? loaded : findClass(name);
            }
        }
    }

    @Component
    static class QualifiedUser {

        final FancyShouter shouter;

        QualifiedUser(@Qualifier("fancy") FancyShouter shouter) {
            this.shouter = shouter;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnablePythonClients(basePackageClasses = Adder.class)
    static class EnableOtherPackage {
    }
}
