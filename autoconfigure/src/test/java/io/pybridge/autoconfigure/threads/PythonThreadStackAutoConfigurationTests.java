package io.pybridge.autoconfigure.threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pybridge.autoconfigure.PythonAutoConfiguration;
import io.pybridge.core.PythonCallback;
import io.pybridge.core.PythonRuntime;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.runtime.ExecutionMode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.coyote.ProtocolHandler;
import org.apache.tomcat.util.threads.TaskThreadFactory;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.jetty.JettyWebServer;
import org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration;
import org.springframework.boot.task.SimpleAsyncTaskExecutorBuilder;
import org.springframework.boot.task.SimpleAsyncTaskSchedulerBuilder;
import org.springframework.boot.task.ThreadPoolTaskExecutorCustomizer;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.servlet.context.AnnotationConfigServletWebServerApplicationContext;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The threads Spring Boot makes run Python themselves, on the real CPython of the suite: the
 * embedded Tomcat's and Jetty's request threads, the task executor's and the scheduler's. On
 * CPython 3.11-3.13 (16 MiB needed) they get the stack, on 3.14+ nothing changes.
 */
@ExtendWith(OutputCaptureExtension.class)
class PythonThreadStackAutoConfigurationTests {

    private static final String TOMCAT_THREAD = "http-nio-.+-exec-\\d+";

    /** The thread that ran Python and that thread's stack, in bytes, as the C library reports it. */
    private static final PythonCallback<String> RUNNER = session -> Thread.currentThread().getName() + "\n"
            + session.callForObject("thread_stack", "size", Long.class);

    private final WebApplicationContextRunner tomcat = new WebApplicationContextRunner(
            AnnotationConfigServletWebServerApplicationContext::new)
            .withConfiguration(AutoConfigurations.of(PythonAutoConfiguration.class,
                    PythonThreadStackAutoConfiguration.class, TomcatServletWebServerAutoConfiguration.class))
            .withUserConfiguration(WhoRunsPython.class)
            .withPropertyValues("server.port=0");

    private final WebApplicationContextRunner jetty = new WebApplicationContextRunner(
            AnnotationConfigServletWebServerApplicationContext::new)
            .withConfiguration(AutoConfigurations.of(PythonAutoConfiguration.class,
                    PythonThreadStackAutoConfiguration.class, JettyServletWebServerAutoConfiguration.class))
            .withUserConfiguration(WhoRunsPython.class)
            .withPropertyValues("server.port=0");

    private final ApplicationContextRunner tasks = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PythonAutoConfiguration.class,
                    PythonThreadStackAutoConfiguration.class, TaskExecutionAutoConfiguration.class,
                    TaskSchedulingAutoConfiguration.class))
            .withUserConfiguration(Scheduling.class);

    @Test
    void tomcatsRequestThreadsRunPythonThemselvesWithItsThreadSettings(CapturedOutput output) {
        tomcat.withPropertyValues("server.tomcat.threads.max=7", "server.tomcat.threads.min-spare=3",
                "server.tomcat.threads.max-queue-capacity=50").run(context -> {
                    long needed = neededOrSkip(context);
                    Ran ran = request(context);
                    assertThat(ran.caller()).matches(TOMCAT_THREAD);
                    assertThat(ran.runner()).isEqualTo(ran.caller());
                    assertThat(ran.stack()).isGreaterThanOrEqualTo(needed);
                    ThreadPoolExecutor executor = (ThreadPoolExecutor) protocol(context).getExecutor();
                    assertThat(executor.getMaximumPoolSize()).isEqualTo(7);
                    assertThat(executor.getCorePoolSize()).isEqualTo(3);
                    assertThat(executor.getQueue().remainingCapacity()).isEqualTo(50);
                    assertThat(executor.getKeepAliveTime(TimeUnit.SECONDS)).isEqualTo(60);
                    assertThat(executor.getThreadFactory()).isInstanceOfSatisfying(TomcatThreadFactory.class,
                            factory -> assertThat(factory.stackSize()).isEqualTo(needed));
                    assertThat(output).containsOnlyOnce("giving Tomcat's request threads " + CallerStack.size(needed)
                            + " of stack");
                    // Tomcat does not stop an executor it was given: the connector's stop does.
                    context.close();
                    assertThat(executor.isShutdown()).isTrue();
                });
    }

    @Test
    void aTomcatThatCannotBindItsPortLeavesNoRequestThreadBehind() throws Exception {
        tomcat.run(PythonThreadStackAutoConfigurationTests::neededOrSkip);
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0)) {
            int port = taken.getLocalPort();
            tomcat.withPropertyValues("server.port=" + port).run(context -> assertThat(context).hasFailed());
            // The connector failed to start and was destroyed without a stop: its pool ends all the same.
            String pool = "http-nio-" + port + "-exec-\\d+";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (Thread.getAllStackTraces().keySet().stream().anyMatch(thread -> thread.getName().matches(pool))
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(thread -> thread.getName().matches(pool));
        }
    }

    @Test
    void withoutTheStackTomcatsRequestThreadsHandEachCallToAWorker(CapturedOutput output) {
        tomcat.withPropertyValues("pybridge.threads.stack.enabled=false").run(context -> {
            neededOrSkip(context);
            assertThat(context).doesNotHaveBean(CallerStack.class);
            Ran ran = request(context);
            assertThat(ran.caller()).matches(TOMCAT_THREAD);
            assertThat(ran.runner()).isEqualTo("pybridge-for-" + ran.caller());
            assertThat(((ThreadPoolExecutor) protocol(context).getExecutor()).getThreadFactory())
                    .isInstanceOf(TaskThreadFactory.class);
            assertThat(output).doesNotContain("of stack per calling thread");
        });
    }

    @Test
    void jettysRequestThreadsRunPythonThemselvesWithItsThreadSettings(CapturedOutput output) {
        jetty.withPropertyValues("server.jetty.threads.max=42", "server.jetty.threads.min=5",
                "server.jetty.threads.idle-timeout=30s").run(context -> {
                    long needed = neededOrSkip(context);
                    Ran ran = request(context);
                    assertThat(ran.runner()).isEqualTo(ran.caller()).startsWith("qtp");
                    assertThat(ran.stack()).isGreaterThanOrEqualTo(needed);
                    QueuedThreadPool pool = (QueuedThreadPool) ((JettyWebServer) webServer(context)).getServer()
                            .getThreadPool();
                    assertThat(pool).isInstanceOfSatisfying(StackQueuedThreadPool.class,
                            stack -> assertThat(stack.stackSize()).isEqualTo(needed));
                    assertThat(pool.getMaxThreads()).isEqualTo(42);
                    assertThat(pool.getMinThreads()).isEqualTo(5);
                    assertThat(pool.getIdleTimeout()).isEqualTo(30_000);
                    assertThat(output).containsOnlyOnce("giving Jetty's request threads " + CallerStack.size(needed)
                            + " of stack");
                });
    }

    @Test
    void withoutTheStackJettysRequestThreadsHandEachCallToAWorker() {
        jetty.withPropertyValues("pybridge.threads.stack.enabled=false").run(context -> {
            neededOrSkip(context);
            Ran ran = request(context);
            assertThat(ran.runner()).isEqualTo("pybridge-for-" + ran.caller());
            assertThat(((JettyWebServer) webServer(context)).getServer().getThreadPool())
                    .isExactlyInstanceOf(QueuedThreadPool.class);
        });
    }

    @Test
    void theTaskExecutorsAndSchedulersThreadsRunPythonThemselves(CapturedOutput output) {
        tasks.run(context -> {
            long needed = neededOrSkip(context);
            PythonTemplate python = context.getBean(PythonTemplate.class);
            Ran executor = run(context.getBean("applicationTaskExecutor", ThreadPoolTaskExecutor.class), python);
            assertThat(executor.runner()).isEqualTo(executor.caller()).startsWith("task-");
            assertThat(executor.stack()).isGreaterThanOrEqualTo(needed);
            ThreadPoolTaskScheduler scheduler = context.getBean(ThreadPoolTaskScheduler.class);
            Ran scheduled = ran(scheduler.submit(callerAndRunner(python)).get(1, TimeUnit.MINUTES));
            assertThat(scheduled.runner()).isEqualTo(scheduled.caller()).startsWith("scheduling-");
            assertThat(scheduled.stack()).isGreaterThanOrEqualTo(needed);
            // Executors made with Spring Boot's builders by the application get it too.
            SimpleAsyncTaskExecutor simple = context.getBean(SimpleAsyncTaskExecutorBuilder.class)
                    .threadNamePrefix("simple-").build();
            Ran perTask = run(simple, python);
            assertThat(perTask.runner()).isEqualTo(perTask.caller()).isEqualTo("simple-1");
            Ran simpleScheduled = run(context.getBean(SimpleAsyncTaskSchedulerBuilder.class).build(), python);
            assertThat(simpleScheduled.runner()).isEqualTo(simpleScheduled.caller());
            assertThat(output).containsOnlyOnce("giving the task executor's threads " + CallerStack.size(needed))
                    .containsOnlyOnce("giving the task scheduler's threads " + CallerStack.size(needed));
        });
    }

    @Test
    void withoutTheStackTheTaskExecutorsThreadsHandEachCallToAWorker() {
        tasks.withPropertyValues("pybridge.threads.stack.enabled=false").run(context -> {
            neededOrSkip(context);
            Ran ran = run(context.getBean("applicationTaskExecutor", ThreadPoolTaskExecutor.class),
                    context.getBean(PythonTemplate.class));
            assertThat(ran.runner()).isEqualTo("pybridge-for-" + ran.caller());
        });
    }

    @Test
    void aThreadFactoryOfTheApplicationsOwnWins() {
        tasks.withBean(ThreadPoolTaskExecutorCustomizer.class,
                () -> executor -> executor.setThreadFactory(task -> new Thread(task, "mine"))).run(context -> {
                    Ran ran = run(context.getBean("applicationTaskExecutor", ThreadPoolTaskExecutor.class),
                            context.getBean(PythonTemplate.class));
                    assertThat(ran.caller()).isEqualTo("mine");
                });
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void virtualThreadsAreLeftAlone(CapturedOutput output) {
        String virtual = "spring.threads.virtual.enabled=true";
        tomcat.withPropertyValues(virtual).run(context -> {
            Executor executor = protocol(context).getExecutor();
            assertThat(executor.getClass().getName()).isEqualTo("org.apache.tomcat.util.threads.VirtualThreadExecutor");
            assertThat(request(context).runner()).startsWith("pybridge-worker-");
        });
        jetty.withPropertyValues(virtual).run(context -> assertThat(
                ((JettyWebServer) webServer(context)).getServer().getThreadPool().getClass().getName())
                .isEqualTo("org.eclipse.jetty.util.thread.VirtualThreadPool"));
        tasks.withPropertyValues(virtual).run(context -> {
            SimpleAsyncTaskExecutor executor = context.getBean("applicationTaskExecutor", SimpleAsyncTaskExecutor.class);
            assertThat(executor.getThreadFactory()).isNull();
            assertThat(run(executor, context.getBean(PythonTemplate.class)).runner()).startsWith("pybridge-worker-");
        });
        assertThat(output).doesNotContain("of stack per calling thread");
    }

    @Test
    void threadsWhoseDefaultStackIsEnoughAreLeftAloneAndNothingIsLogged(CapturedOutput output) {
        tasks.run(context -> {
            PythonRuntime runtime = context.getBean(PythonRuntime.class);
            long needed = runtime.minimumCallerStack();
            // As on CPython 3.14+ (256 KiB against Java's 1 MiB), or under -Xss16m.
            assertThat(new CallerStack(() -> runtime, needed).bytesFor("roomy threads")).isZero();
            assertThat(new CallerStack(() -> runtime, needed - 1).bytesFor("small threads")).isEqualTo(needed);
            assertThat(output).doesNotContain("giving roomy threads").containsOnlyOnce("giving small threads");
        });
    }

    @Test
    void backsOffWithoutPython() {
        tasks.withPropertyValues("pybridge.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(CallerStack.class);
            assertThat(context).doesNotHaveBean(ThreadPoolTaskExecutorCustomizer.class);
        });
    }

    /**
     * The stack a thread must have to run Python itself, when Java's default is not enough
     * (CPython 3.11-3.13); skips the test otherwise (3.14+: nothing to give), or when the suite's
     * shared runtime sends every call to the workers anyway.
     */
    private static long neededOrSkip(ApplicationContext context) {
        PythonRuntime runtime = context.getBean(PythonRuntime.class);
        assumeTrue(runtime.config().executionMode() == ExecutionMode.CALLER, "the shared runtime runs calls on its workers");
        long needed = runtime.minimumCallerStack();
        assumeTrue(needed > CallerStack.javaDefault(), "CPython " + runtime.installation().version()
                + " runs Python on threads of Java's default stack");
        return needed;
    }

    private static Ran request(AssertableWebApplicationContext context) throws IOException {
        try (InputStream in = URI.create("http://localhost:" + webServer(context).getPort() + "/who").toURL()
                .openStream()) {
            return ran(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static WebServer webServer(AssertableWebApplicationContext context) {
        return ((WebServerApplicationContext) context.getSourceApplicationContext()).getWebServer();
    }

    private static ProtocolHandler protocol(AssertableWebApplicationContext context) {
        return ((TomcatWebServer) webServer(context)).getTomcat().getConnector().getProtocolHandler();
    }

    private static Ran run(AsyncTaskExecutor executor, PythonTemplate python) throws Exception {
        return ran(executor.submit(callerAndRunner(python)).get(1, TimeUnit.MINUTES));
    }

    private static Callable<String> callerAndRunner(PythonTemplate python) {
        return () -> Thread.currentThread().getName() + "\n" + python.execute(RUNNER);
    }

    private static Ran ran(String text) {
        String[] lines = text.split("\n");
        return new Ran(lines[0], lines[1], Long.parseLong(lines[2].strip()));
    }

    /** The thread that called, the thread that ran Python, and that thread's stack. */
    record Ran(String caller, String runner, long stack) {
    }

    /** A servlet that says which thread called and which ran Python. */
    @Configuration(proxyBeanMethods = false)
    static class WhoRunsPython {

        @Bean
        ServletRegistrationBean<HttpServlet> whoRunsPython(PythonTemplate python) {
            return new ServletRegistrationBean<>(new HttpServlet() {

                @Override
                protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                    try {
                        response.getWriter().print(callerAndRunner(python).call());
                    }
                    catch (Exception ex) {
                        throw new IOException(ex);
                    }
                }
            }, "/who");
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableScheduling
    static class Scheduling {
    }
}
