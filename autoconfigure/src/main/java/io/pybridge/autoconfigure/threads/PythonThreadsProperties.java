package io.pybridge.autoconfigure.threads;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The threads Spring Boot makes that call Python (see {@link PythonThreadStackAutoConfiguration}).
 */
@ConfigurationProperties("pybridge.threads")
public class PythonThreadsProperties {

    private final Stack stack = new Stack();

    public Stack getStack() {
        return stack;
    }

    /** The stack given to those threads. */
    public static class Stack {

        /**
         * Whether the embedded Tomcat's or Jetty's request threads and the threads of the task
         * executors and schedulers built with Spring Boot's builders (applicationTaskExecutor,
         * taskScheduler) get the stack the running Python needs to run Python themselves:
         * thread-stack-size on CPython 3.11-3.13 (address space, committed as used); on 3.14.2+, or
         * when -Xss gives enough, nothing changes. Virtual threads are left alone. Off, those
         * threads hand each call to a worker of their own.
         */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }
}
