package io.pybridge.autoconfigure.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.springboot.bulkhead.autoconfigure.BulkheadAutoConfiguration;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot.retry.autoconfigure.RetryAutoConfiguration;
import io.github.resilience4j.springboot.timelimiter.autoconfigure.TimeLimiterAutoConfiguration;
import io.pybridge.autoconfigure.PythonAutoConfiguration;
import io.pybridge.autoconfigure.client.PythonClientsAutoConfiguration;
import io.pybridge.autoconfigure.resilience.sample.GuardedClient;
import io.pybridge.autoconfigure.resilience.sample.ResilienceTestApplication;
import io.pybridge.core.PythonRuntime;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.exception.PythonException;
import io.pybridge.core.exception.PythonTimeoutException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class PythonResilienceAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PythonAutoConfiguration.class, PythonClientsAutoConfiguration.class,
                    PythonResilienceAutoConfiguration.class, BulkheadAutoConfiguration.class,
                    CircuitBreakerAutoConfiguration.class, RetryAutoConfiguration.class,
                    TimeLimiterAutoConfiguration.class))
            .withUserConfiguration(ResilienceTestApplication.class);

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aTimeLimitStopsARunawayLoopTwentyTimesInARow() {
        contextRunner.withPropertyValues("resilience4j.timelimiter.instances.guardedClient.timeout-duration=100ms")
                .run(context -> {
                    assertThat(context).hasSingleBean(Resilience4jClientCallDecorator.class);
                    GuardedClient client = context.getBean(GuardedClient.class);
                    PythonTemplate python = context.getBean(PythonTemplate.class);
                    long worst = 0;
                    for (int round = 0; round < 20; round++) {
                        long begin = System.nanoTime();
                        assertThatThrownBy(client::spinForever).isInstanceOf(PythonTimeoutException.class)
                                .hasMessageContaining("GuardedClient.spinForever -> clients_mod.spin_forever")
                                .hasMessageContaining("100 ms");
                        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
                        worst = Math.max(worst, tookMillis);
                        // A hang guard only: the return time is printed below, speed is JMH's job.
                        assertThat(tookMillis).as("round %d returned", round).isLessThan(30_000);
                        // The interpreter is healthy after: the next call succeeds.
                        assertThat(client.add(round, 1)).isEqualTo(round + 1L);
                        assertThat(python.eval("1 + 1")).isEqualTo(2L);
                    }
                    System.out.println("time limit 100 ms: worst return after " + worst + " ms over 20 rounds");
                    PythonRuntime runtime = context.getBean(PythonRuntime.class);
                    assertThat(runtime.gateSnapshot().inFlight()).isZero();
                    assertThat(runtime.probeGil(java.time.Duration.ofSeconds(1))).isPresent();
                });
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void aTimeLimitCancelsACoroutine() {
        contextRunner.withPropertyValues("resilience4j.timelimiter.instances.guardedClient.timeout-duration=100ms")
                .run(context -> {
                    GuardedClient client = context.getBean(GuardedClient.class);
                    PythonTemplate python = context.getBean(PythonTemplate.class);
                    assertThatThrownBy(() -> client.awaitForever("limited").get(30, TimeUnit.SECONDS))
                            .isInstanceOf(java.util.concurrent.ExecutionException.class)
                            .cause().isInstanceOf(PythonTimeoutException.class)
                            .hasMessageContaining("GuardedClient.awaitForever -> clients_mod.await_forever");
                    // The task saw its CancelledError (delivered on the loop right after the cancel).
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (!python.eval("'limited' in __import__('clients_mod').cancelled_awaits", Boolean.class)) {
                        assertThat(System.nanoTime()).isLessThan(deadline);
                        Thread.sleep(10);
                    }
                    assertThat(context.getBean(PythonRuntime.class).gateSnapshot().inFlight()).isZero();
                });
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void circuitBreakerOpensAfterFailuresAndRecovers() {
        contextRunner.withPropertyValues("resilience4j.circuitbreaker.instances.guardedClient.sliding-window-size=4",
                "resilience4j.circuitbreaker.instances.guardedClient.minimum-number-of-calls=4",
                "resilience4j.circuitbreaker.instances.guardedClient.failure-rate-threshold=50",
                "resilience4j.circuitbreaker.instances.guardedClient.wait-duration-in-open-state=300ms",
                "resilience4j.circuitbreaker.instances.guardedClient.permitted-number-of-calls-in-half-open-state=1",
                "resilience4j.circuitbreaker.instances.guardedClient.ignore-exceptions=java.lang.IllegalArgumentException")
                .run(context -> {
                    GuardedClient client = context.getBean(GuardedClient.class);
                    CircuitBreaker breaker = context.getBean(CircuitBreakerRegistry.class).circuitBreaker("guardedClient");
                    client.setFailing(false);
                    assertThat(client.flaky("ok")).isEqualTo("ok");
                    // Caller errors (mapped to IllegalArgumentException) do not count against the breaker.
                    for (int i = 0; i < 5; i++) {
                        assertThatThrownBy(() -> client.reject("x")).isInstanceOf(IllegalArgumentException.class);
                    }
                    assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
                    client.setFailing(true);
                    // Window of 4 so far: setFailing(false), flaky, setFailing(true) succeeded; 2 failures make 50%.
                    for (int i = 0; i < 2; i++) {
                        assertThatThrownBy(() -> client.flaky("x")).isInstanceOf(PythonException.class);
                    }
                    assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
                    assertThatThrownBy(() -> client.flaky("x")).isInstanceOf(CallNotPermittedException.class);
                    Thread.sleep(400);
                    client.setFailing(false); // setFailing is guarded too; half-open lets one call through
                    assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
                    assertThat(client.flaky("back")).isEqualTo("back");
                });
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void bulkheadRejectsPastItsLimit() {
        contextRunner.withPropertyValues("resilience4j.bulkhead.instances.guardedClient.max-concurrent-calls=1",
                "resilience4j.bulkhead.instances.guardedClient.max-wait-duration=0").run(context -> {
                    GuardedClient client = context.getBean(GuardedClient.class);
                    CountDownLatch started = new CountDownLatch(1);
                    AtomicReference<String> slow = new AtomicReference<>();
                    Thread first = new Thread(() -> {
                        started.countDown();
                        slow.set(client.sleepThen(0.5, "slow"));
                    });
                    first.start();
                    started.await();
                    Thread.sleep(100);
                    assertThatThrownBy(() -> client.add(1, 2)).isInstanceOf(BulkheadFullException.class);
                    first.join();
                    assertThat(slow.get()).isEqualTo("slow");
                    assertThat(client.add(1, 2)).isEqualTo(3L);
                });
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void retryRepeatsAFailingCall() {
        contextRunner.withPropertyValues("resilience4j.retry.instances.guardedClient.max-attempts=3",
                "resilience4j.retry.instances.guardedClient.wait-duration=10ms").run(context -> {
                    GuardedClient client = context.getBean(GuardedClient.class);
                    PythonTemplate python = context.getBean(PythonTemplate.class);
                    // Fails twice, then succeeds: the third attempt's result reaches the caller.
                    python.exec("import clients_mod\n_attempts = []\n"
                            + "def _flaky(value):\n    _attempts.append(value)\n"
                            + "    if len(_attempts) < 3:\n        raise RuntimeError('not yet')\n    return value\n"
                            + "clients_mod.flaky = _flaky\n");
                    assertThat(client.flaky("third time")).isEqualTo("third time");
                    assertThat(python.eval("len(_attempts)", Long.class)).isEqualTo(3L);
                    python.exec("_attempts.clear()\n"
                            + "def _always(value):\n    _attempts.append(value)\n    raise RuntimeError('always')\n"
                            + "clients_mod.flaky = _always\n");
                    assertThatThrownBy(() -> client.flaky("never")).isInstanceOf(PythonException.class)
                            .hasMessageContaining("always");
                    assertThat(python.eval("len(_attempts)", Long.class)).isEqualTo(3L);
                });
    }

    @Test
    void withoutConfiguredInstancesCallsAreUnguarded() {
        contextRunner.run(context -> {
            GuardedClient client = context.getBean(GuardedClient.class);
            assertThat(client.add(2, 3)).isEqualTo(5L);
            assertThat(context.getBean(CircuitBreakerRegistry.class).find("guardedClient")).isEmpty();
        });
    }
}
