package io.pybridge.autoconfigure.threads;

import io.pybridge.autoconfigure.PythonAutoConfiguration;
import io.pybridge.core.PythonRuntime;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnThreading;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jetty.autoconfigure.JettyServerProperties;
import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.task.SimpleAsyncTaskExecutorCustomizer;
import org.springframework.boot.task.SimpleAsyncTaskSchedulerCustomizer;
import org.springframework.boot.task.ThreadPoolTaskExecutorCustomizer;
import org.springframework.boot.task.ThreadPoolTaskSchedulerCustomizer;
import org.springframework.boot.thread.Threading;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.util.CustomizableThreadCreator;

/**
 * Gives the threads Spring Boot makes, which call Python, the stack the running CPython needs to
 * run on them: the embedded Tomcat's or Jetty's request threads (servlet applications) and the
 * threads of the task executors and schedulers built with Spring Boot's builders (the
 * auto-configured ones included). Needed on CPython 3.11-3.13, where a thread with less than
 * {@code pybridge.thread-stack-size} (16 MiB) hands every call to a worker thread of its own; on
 * CPython 3.14.2+, which needs 256 KiB, or when {@code -Xss} already gives enough, nothing is
 * changed. Virtual threads are left alone. {@code pybridge.threads.stack.enabled=false} turns it off.
 *
 * <p>The stack is address space: Linux commits a thread's stack pages only when they are touched.
 */
@AutoConfiguration(after = PythonAutoConfiguration.class)
@ConditionalOnBean(PythonRuntime.class)
@ConditionalOnBooleanProperty(name = "pybridge.threads.stack.enabled", matchIfMissing = true)
@EnableConfigurationProperties(PythonThreadsProperties.class)
@Import({ PythonThreadStackAutoConfiguration.TomcatConfiguration.class,
        PythonThreadStackAutoConfiguration.JettyConfiguration.class,
        PythonThreadStackAutoConfiguration.TaskConfiguration.class,
        PythonThreadStackAutoConfiguration.PlatformTaskConfiguration.class })
public final class PythonThreadStackAutoConfiguration {

    static final String EXECUTOR_THREADS = "the task executor's threads";

    static final String SCHEDULER_THREADS = "the task scheduler's threads";

    /** Asks the runtime only when a pool of threads is made: the web server's, or an executor's. */
    @Bean
    CallerStack pythonCallerStack(ObjectProvider<PythonRuntime> runtime) {
        return new CallerStack(runtime::getObject, CallerStack.javaDefault());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = Type.SERVLET)
    @ConditionalOnClass({ Tomcat.class, TomcatConnectorCustomizer.class })
    static class TomcatConfiguration {

        @Bean
        TomcatConnectorCustomizer pythonTomcatRequestThreads(CallerStack stack) {
            return new TomcatRequestThreads(stack);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = Type.SERVLET)
    @ConditionalOnClass({ Server.class, QueuedThreadPool.class, JettyServletWebServerFactory.class })
    static class JettyConfiguration {

        @Bean
        JettyRequestThreads pythonJettyRequestThreads(CallerStack stack, ObjectProvider<JettyServerProperties> jetty) {
            JettyServerProperties properties = jetty.getIfAvailable();
            return new JettyRequestThreads(stack,
                    properties == null ? null : properties.getThreads().getMaxQueueCapacity());
        }
    }

    /**
     * Thread pools, always platform threads. First among the customizers, so that one of the
     * application's that sets a thread factory or virtual threads has the last word.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ThreadPoolTaskExecutorCustomizer.class)
    static class TaskConfiguration {

        @Bean
        @Order(Ordered.HIGHEST_PRECEDENCE)
        ThreadPoolTaskExecutorCustomizer pythonThreadPoolTaskExecutorStack(CallerStack stack) {
            return executor -> give(stack, EXECUTOR_THREADS, executor, executor::setThreadFactory);
        }

        @Bean
        @Order(Ordered.HIGHEST_PRECEDENCE)
        ThreadPoolTaskSchedulerCustomizer pythonThreadPoolTaskSchedulerStack(CallerStack stack) {
            return scheduler -> give(stack, SCHEDULER_THREADS, scheduler, scheduler::setThreadFactory);
        }
    }

    /** Executors that make a thread per task: left alone when Spring Boot makes them virtual. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(SimpleAsyncTaskExecutorCustomizer.class)
    @ConditionalOnThreading(Threading.PLATFORM)
    static class PlatformTaskConfiguration {

        @Bean
        @Order(Ordered.HIGHEST_PRECEDENCE)
        SimpleAsyncTaskExecutorCustomizer pythonSimpleAsyncTaskExecutorStack(CallerStack stack) {
            return executor -> give(stack, EXECUTOR_THREADS, executor, executor::setThreadFactory);
        }

        @Bean
        @Order(Ordered.HIGHEST_PRECEDENCE)
        SimpleAsyncTaskSchedulerCustomizer pythonSimpleAsyncTaskSchedulerStack(CallerStack stack) {
            return scheduler -> give(stack, SCHEDULER_THREADS, scheduler, scheduler::setThreadFactory);
        }
    }

    private static void give(CallerStack stack, String threads, CustomizableThreadCreator executor,
            Consumer<ThreadFactory> threadFactory) {
        long bytes = stack.bytesFor(threads);
        if (bytes > 0) {
            threadFactory.accept(new StackThreadFactory(executor, bytes));
        }
    }
}
