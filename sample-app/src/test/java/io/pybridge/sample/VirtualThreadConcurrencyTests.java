package io.pybridge.sample;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The same 32 clients with {@code spring.threads.virtual.enabled=true}: on JDK 21+ Tomcat serves
 * every request on a virtual thread, and pybridge hands each Python call to its platform worker
 * threads (Python must never run on a virtual thread). On JDK 17 the property does nothing and
 * this repeats the platform-thread test.
 */
@SampleAppTest
@TestPropertySource(properties = "spring.threads.virtual.enabled=true")
class VirtualThreadConcurrencyTests {

    @LocalServerPort
    int port;

    @Autowired
    RequestThreadRecorder recorder;

    @Test
    @Timeout(120)
    void thirtyTwoClientsGetTheirOwnAnswers() throws Exception {
        int checked = new ConcurrentClients(port).run();
        assertThat(checked).isEqualTo(ConcurrentClients.CLIENTS * ConcurrentClients.REQUESTS);
        assertThat(recorder.virtual.get() + recorder.platform.get()).isGreaterThanOrEqualTo(checked);
        if (Runtime.version().feature() >= 21) {
            // The test exercised what it claims to: requests (and so Python calls) came from virtual threads.
            assertThat(recorder.platform.get()).isZero();
            assertThat(recorder.virtual.get()).isGreaterThanOrEqualTo(checked);
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class RecorderConfiguration {

        @Bean
        RequestThreadRecorder requestThreadRecorder() {
            return new RequestThreadRecorder();
        }
    }

    /** Counts the API requests served on virtual and on platform threads. */
    static class RequestThreadRecorder extends OncePerRequestFilter {

        private static final Method IS_VIRTUAL = isVirtualMethod();

        final AtomicInteger virtual = new AtomicInteger();

        final AtomicInteger platform = new AtomicInteger();

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (request.getRequestURI().startsWith("/api/")) {
                (isVirtual(Thread.currentThread()) ? virtual : platform).incrementAndGet();
            }
            chain.doFilter(request, response);
        }

        /** {@code Thread.isVirtual()} exists from JDK 21; this module compiles for 17. */
        private static Method isVirtualMethod() {
            try {
                return Thread.class.getMethod("isVirtual");
            }
            catch (NoSuchMethodException ex) {
                return null;
            }
        }

        private static boolean isVirtual(Thread thread) {
            try {
                return IS_VIRTUAL != null && (Boolean) IS_VIRTUAL.invoke(thread);
            }
            catch (ReflectiveOperationException ex) {
                throw new IllegalStateException(ex);
            }
        }
    }
}
