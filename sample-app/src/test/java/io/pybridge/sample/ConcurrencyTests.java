package io.pybridge.sample;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * 32 concurrent clients against Tomcat's platform request threads: every Python call runs on
 * the request thread itself, serialized by the permit and the GIL.
 */
@SampleAppTest
class ConcurrencyTests {

    @LocalServerPort
    int port;

    @Test
    @Timeout(120)
    void thirtyTwoClientsGetTheirOwnAnswers() throws Exception {
        int checked = new ConcurrentClients(port).run();
        assertThat(checked).isEqualTo(ConcurrentClients.CLIENTS * ConcurrentClients.REQUESTS);
    }
}
