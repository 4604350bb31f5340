package io.pybridge.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.PythonObject;
import io.pybridge.core.PythonTemplate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A controller may return a {@code PythonObject}: the starter's Jackson module writes it
 * through the natural mapping and closes it, and an object without a JSON form ends the
 * request in a 500 instead of answering {@code {"closed":false}}.
 */
@SampleAppTest
class PythonObjectResponseTests {

    /** The handles the controller handed out, to check they were closed. */
    static final List<PythonObject> RETURNED = new ArrayList<>();

    @TestConfiguration(proxyBeanMethods = false)
    @RestController
    static class HandleController {

        private final PythonTemplate python;

        HandleController(PythonTemplate python) {
            this.python = python;
        }

        @GetMapping("/test/handle")
        PythonObject handle() {
            return remember(python.eval("{'label': 'spam', 'scores': [0.25, 0.75]}", PythonObject.class));
        }

        @GetMapping("/test/opaque")
        PythonObject opaque() {
            return remember(python.eval("__import__('re').compile('x+')", PythonObject.class));
        }

        private static synchronized PythonObject remember(PythonObject handle) {
            RETURNED.add(handle);
            return handle;
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    HandleController controller;

    @Test
    void aHandleIsWrittenAsJsonAndClosed() {
        ApiClient.Response response = new ApiClient(port).get("/test/handle");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"label\":\"spam\",\"scores\":[0.25,0.75]}");
        assertThat(RETURNED).isNotEmpty().allMatch(PythonObject::isClosed);
    }

    @Test
    void anObjectWithoutAJsonFormIsA500NotClosedFalse() {
        ApiClient.Response response = new ApiClient(port).get("/test/opaque");
        assertThat(response.status()).isEqualTo(500);
        assertThat(response.body()).doesNotContain("closed");
        assertThat(RETURNED).allMatch(PythonObject::isClosed);
    }
}
