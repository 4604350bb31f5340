package io.pybridge.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import tools.jackson.databind.JsonNode;

/**
 * 32 clients on their own platform threads, 50 requests each, all started together: statistics
 * and similarity requests with inputs no other request uses, plus some that Python rejects.
 * Every answer is checked against the value computed independently in Java, so a response
 * computed from another request's input (state shared across threads) would fail.
 */
final class ConcurrentClients {

    static final int CLIENTS = 32;

    static final int REQUESTS = 50;

    private final ApiClient api;

    ConcurrentClients(int port) {
        this.api = new ApiClient(port);
    }

    /** Runs all clients and returns how many responses were checked. */
    int run() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS); // platform threads
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int client = 0; client < CLIENTS; client++) {
                int id = client;
                results.add(clients.submit(() -> {
                    start.await();
                    return client(id);
                }));
            }
            start.countDown();
            int checked = 0;
            for (Future<Integer> result : results) {
                checked += result.get(90, TimeUnit.SECONDS);
            }
            return checked;
        }
        finally {
            clients.shutdownNow();
            clients.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private int client(int client) {
        int checked = 0;
        for (int request = 0; request < REQUESTS; request++) {
            switch (request % 5) {
                case 0, 2 -> stats(client, request);
                case 1, 3 -> similarity(client, request);
                default -> tooFewValues(client, request);
            }
            checked++;
        }
        return checked;
    }

    /** Consecutive integers from a base unique to this request: exact mean, median and stdev. */
    private void stats(int client, int request) {
        int n = 2 + request % 7;
        long base = client * 10_000L + request * 10L;
        String values = IntStream.range(0, n).mapToObj(i -> Long.toString(base + i)).collect(Collectors.joining(","));
        ApiClient.Response response = api.post("/api/stats", "{\"values\":[" + values + "]}");
        String context = "client " + client + " request " + request + ": " + response;
        assertThat(response.status()).as(context).isEqualTo(200);
        JsonNode json = response.json();
        double middle = base + (n - 1) / 2.0;
        assertThat(json.get("mean").doubleValue()).as(context).isEqualTo(middle);
        assertThat(json.get("median").doubleValue()).as(context).isEqualTo(middle);
        // The sample variance of n consecutive integers is n(n+1)/12, whatever the base.
        assertThat(json.get("stdev").doubleValue()).as(context).isEqualTo(Math.sqrt(n * (n + 1) / 12.0));
    }

    /** b is a plus one character a lacks: difflib's ratio is 2·len(a) / (2·len(a) + 1). */
    private void similarity(int client, int request) {
        String a = "client " + client + " request " + request;
        String b = a + "!";
        ApiClient.Response response = api.post("/api/similarity", "{\"a\":\"" + a + "\",\"b\":\"" + b + "\"}");
        String context = "client " + client + " request " + request + ": " + response;
        assertThat(response.status()).as(context).isEqualTo(200);
        assertThat(response.json().get("ratio").doubleValue()).as(context)
                .isEqualTo(2.0 * a.length() / (2 * a.length() + 1));
    }

    /** One value: Python's StatisticsError must come back as this request's 422, under load too. */
    private void tooFewValues(int client, int request) {
        ApiClient.Response response = api.post("/api/stats", "{\"values\":[" + (client * 10_000 + request) + "]}");
        String context = "client " + client + " request " + request + ": " + response;
        assertThat(response.status()).as(context).isEqualTo(422);
        assertThat(response.json().get("detail").stringValue()).as(context).isEqualTo("stdev requires at least two data points");
        SampleApplicationTests.assertNoStackTrace(response.body());
    }
}
