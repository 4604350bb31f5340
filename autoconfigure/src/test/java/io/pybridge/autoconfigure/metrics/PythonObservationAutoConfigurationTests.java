package io.pybridge.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pybridge.autoconfigure.PythonAutoConfiguration;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.exception.PythonException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class PythonObservationAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PythonAutoConfiguration.class, PythonObservationAutoConfiguration.class))
            .withUserConfiguration(MetricsConfiguration.class);

    @Test
    void noObservationWithoutARegistry() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PythonAutoConfiguration.class, PythonObservationAutoConfiguration.class))
                .run(context -> assertThat(context).doesNotHaveBean(ObservationPythonCallInterceptor.class));
    }

    @Test
    void everyCallIsTimedByOutcomeModuleAndFunction() {
        contextRunner.run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            PythonTemplate python = context.getBean(PythonTemplate.class);
            python.call("autoconf_mod", "double", 2);
            python.call("autoconf_mod", "double", 3);
            assertThatThrownBy(() -> python.call("autoconf_mod", "fail", "boom")).isInstanceOf(PythonException.class);
            python.eval("1 + 1");
            Timer ok = registry.get("pybridge.call").tag("module", "autoconf_mod").tag("function", "double")
                    .tag("outcome", "SUCCESS").tag("operation", "call").timer();
            assertThat(ok.count()).isEqualTo(2);
            Timer failed = registry.get("pybridge.call").tag("function", "fail").tag("outcome", "PYTHON_ERROR").timer();
            assertThat(failed.count()).isEqualTo(1);
            assertThat(registry.get("pybridge.call").tag("operation", "eval").tag("outcome", "SUCCESS").timer().count())
                    .isEqualTo(1);
        });
    }

    @Test
    void functionTagsAreCapped() {
        contextRunner.withPropertyValues("pybridge.metrics.max-function-tags=2").run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            PythonTemplate python = context.getBean(PythonTemplate.class);
            python.exec("import math");
            for (String function : new String[] { "sqrt", "floor", "ceil", "fabs" }) {
                python.call("math", function, 4.0);
            }
            assertThat(registry.find("pybridge.call").tag("module", "math").timers()).hasSize(1); // sqrt; exec took a slot
            assertThat(registry.get("pybridge.call").tag("module", "OTHER").tag("function", "OTHER").timer().count())
                    .isEqualTo(3);
        });
    }

    @Test
    void observationsCanBeTurnedOff() {
        contextRunner.withPropertyValues("pybridge.metrics.observations-enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(ObservationPythonCallInterceptor.class);
            context.getBean(PythonTemplate.class).eval("1");
            assertThat(context.getBean(MeterRegistry.class).find("pybridge.call").timers()).isEmpty();
        });
    }

}
