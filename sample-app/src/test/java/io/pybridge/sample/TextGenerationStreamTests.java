package io.pybridge.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /api/generate} streams a Python generator's words as Server-Sent Events, read here by
 * a real HTTP client as they arrive: the first words are in the client's hands while Python has
 * not yet made the last one.
 */
@SampleAppTest
@TestPropertySource(properties = "sample.token-step=100ms")
class TextGenerationStreamTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private HttpResponse<Stream<String>> generate(String query) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/generate?" + query))
                .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(120)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofLines());
    }

    @Test
    void theFirstWordsArriveBeforeTheLastIsMade() throws Exception {
        int count = 30;
        HttpResponse<Stream<String>> response = generate("prompt=the+service&maxTokens=" + count);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        List<JsonNode> tokens = new ArrayList<>();
        long firstReceivedAt = 0;
        try (Stream<String> lines = response.body()) {
            Iterator<String> iterator = lines.iterator();
            while (iterator.hasNext()) {
                String line = iterator.next();
                if (line.startsWith("data:")) {
                    if (tokens.isEmpty()) {
                        firstReceivedAt = System.currentTimeMillis();
                    }
                    tokens.add(JSON.readTree(line.substring("data:".length())));
                }
            }
        }
        assertThat(tokens).hasSize(count);
        for (int i = 0; i < count; i++) {
            assertThat(tokens.get(i).get("index").asInt()).isEqualTo(i);
            assertThat(tokens.get(i).get("text").asString()).isNotBlank();
        }
        // Python's time.time_ns() and Java's currentTimeMillis read the same clock. The words are
        // 100 ms apart, so the last was made ~2.9 s after the first: the first event was read
        // before it, which a response buffered whole could not do.
        long lastProducedAt = tokens.get(count - 1).get("producedAtMillis").asLong();
        System.out.printf("TextGenerationStreamTests: first event read %d ms before the last word was made%n",
                lastProducedAt - firstReceivedAt);
        assertThat(firstReceivedAt).isLessThan(lastProducedAt);
    }

    @Test
    void theSamePromptGivesTheSameWords() throws Exception {
        assertThat(words("prompt=python+answers&maxTokens=8")).isEqualTo(words("prompt=python+answers&maxTokens=8"))
                .hasSize(8);
    }

    private List<String> words(String query) throws Exception {
        try (Stream<String> lines = generate(query).body()) {
            return lines.filter(line -> line.startsWith("data:"))
                    .map(line -> JSON.readTree(line.substring("data:".length())).get("text").asString()).toList();
        }
    }

    @Test
    void tooManyWordsIsABadRequest() throws Exception {
        ApiClient.Response response = new ApiClient(port).get("/api/generate?prompt=x&maxTokens=1000");
        assertThat(response.status()).isEqualTo(400);
    }
}
