package io.pybridge.sample;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain JDK HTTP client for the running application: raw JSON out, parsed JSON back. */
final class ApiClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private final String base;

    ApiClient(int port) {
        this.base = "http://localhost:" + port;
    }

    Response post(String path, String json) {
        return post(path, BodyPublishers.ofString(json));
    }

    /** Sends the body chunked, without a Content-Length (the stream's length is unknown). */
    Response postChunked(String path, String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return post(path, BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)));
    }

    private Response post(String path, BodyPublisher body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Accept", "application/json, application/problem+json")
                .POST(body).build());
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().firstValue("Retry-After").orElse(null), response.body());
        }
        catch (IOException ex) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
    }

    record Response(int status, String contentType, String retryAfter, String body) {

        JsonNode json() {
            return JSON.readTree(body);
        }

        @Override
        public String toString() {
            return "HTTP " + status + " " + contentType + " " + (body.length() > 500 ? body.substring(0, 500) + "..." : body);
        }
    }
}
