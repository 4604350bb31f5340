package io.pybridge.autoconfigure.threads;

import org.apache.catalina.connector.Connector;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;

/**
 * Gives the request threads of the embedded Tomcat the stack the running Python needs: each
 * connector gets a {@link TomcatConnectorExecutor}, which decides when the connector starts, once
 * Spring Boot's own settings ({@code server.tomcat.threads.*}, virtual threads) are applied.
 */
final class TomcatRequestThreads implements TomcatConnectorCustomizer {

    private final CallerStack stack;

    TomcatRequestThreads(CallerStack stack) {
        this.stack = stack;
    }

    @Override
    public void customize(Connector connector) {
        connector.addLifecycleListener(new TomcatConnectorExecutor(connector, stack));
    }
}
