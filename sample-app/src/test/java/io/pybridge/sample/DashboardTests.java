package io.pybridge.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.PythonTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard's data, {@code /api/dashboard}, over HTTP: each interpreter's gate with its
 * longest permit wait, and the pool's own queue, which callers of the pooled similarity endpoint
 * wait in before they reach any interpreter's permit (issue 24).
 */
@SampleAppTest
class DashboardTests {

    private static final int CLIENTS = 16;

    private static final int REQUESTS = 20;

    @LocalServerPort
    int port;

    @Autowired
    PythonTemplate python;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @Test
    void eachInterpreterHasItsPermitWaitsAndThePoolItsQueue() {
        JsonNode snapshot = snapshot();
        assertThat(snapshot.get("windowSeconds").longValue()).isEqualTo(10);
        List<String> names = new ArrayList<>();
        for (JsonNode interpreter : snapshot.get("interpreters")) {
            names.add(interpreter.get("name").stringValue());
            assertOrdered(interpreter, "permitWaitP50Micros", "permitWaitP99Micros", "permitWaitMaxMicros");
        }
        // The sample app runs a pool of two beside the main interpreter.
        assertThat(names).containsExactly("main", "pool-1", "pool-2");
        JsonNode pool = snapshot.get("pool");
        assertThat(pool.propertyNames()).containsExactlyInAnyOrder("size", "free", "waiting", "calls", "busyRejections",
                "waitTotalMicros", "waitP50Micros", "waitP99Micros", "waitMaxMicros");
        assertThat(pool.get("size").intValue()).isEqualTo(2);
        assertThat(pool.get("free").intValue()).isBetween(0, 2);
        assertThat(pool.get("waiting").intValue()).isNotNegative();
        assertOrdered(pool, "waitP50Micros", "waitP99Micros", "waitMaxMicros");
    }

    @Test
    @Timeout(120)
    void eachWorkerProcessIsListedWithItsFigures() throws Exception {
        long before = workerCalls(snapshot());
        for (int i = 0; i < 6; i++) {
            python.inProcesses().eval("sum(range(1000))");
        }
        JsonNode snapshot = snapshot();
        List<String> names = new ArrayList<>();
        for (JsonNode worker : snapshot.get("processes")) {
            names.add(worker.get("name").stringValue());
            assertThat(worker.propertyNames()).containsExactlyInAnyOrder("name", "pid", "alive", "restarts", "calls",
                    "inFlight", "residentBytes", "lastEnd");
            assertThat(worker.get("alive").booleanValue()).as(worker.toString()).isTrue();
            assertThat(worker.get("pid").longValue()).isPositive().isNotEqualTo(ProcessHandle.current().pid());
            assertThat(worker.get("inFlight").intValue()).isBetween(0, 1);
            assertThat(worker.get("restarts").longValue()).isNotNegative();
        }
        // SampleAppTest starts two.
        assertThat(names).containsExactly("process-1", "process-2");
        assertThat(workerCalls(snapshot)).isGreaterThanOrEqualTo(before + 6);
        // Resident memory is measured every half second.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (snapshot().get("processes").get(0).get("residentBytes").longValue() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(snapshot().get("processes").get(0).get("residentBytes").longValue()).isPositive();
    }

    private static long workerCalls(JsonNode snapshot) {
        long calls = 0;
        for (JsonNode worker : snapshot.get("processes")) {
            calls += worker.get("calls").longValue();
        }
        return calls;
    }

    @Test
    @Timeout(120)
    void similarityClientsWaitingForAPooledInterpreterShowInThePoolsFigures() throws Exception {
        JsonNode before = snapshot().get("pool");
        // A similarity call takes microseconds: on a quiet machine 16 clients may never find both
        // interpreters taken (seen: no wait at all). Both are held while the load starts, so its
        // first requests wait in the pool's queue.
        ExecutorService holders = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> held = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                held.add(holders.submit(() -> python.inPool().eval("__import__('time').sleep(1.0)")));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (snapshot().get("pool").get("free").intValue() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            similarityLoad();
            for (Future<?> hold : held) {
                hold.get(60, TimeUnit.SECONDS);
            }
        }
        finally {
            holders.shutdownNow();
        }
        JsonNode pool = snapshot().get("pool");
        // Every similarity request took a pooled interpreter, the first ones after waiting for one.
        // The total counts every wait since start; the recent figures cover the last 10 s only, which
        // on a busy machine may hold just the load's last stragglers, with no wait among them.
        assertThat(pool.get("calls").longValue())
                .isGreaterThanOrEqualTo(before.get("calls").longValue() + CLIENTS * REQUESTS);
        assertThat(pool.get("waitTotalMicros").longValue()).isGreaterThan(before.get("waitTotalMicros").longValue());
        assertOrdered(pool, "waitP50Micros", "waitP99Micros", "waitMaxMicros");
        assertThat(pool.get("waiting").intValue()).isZero();
        assertThat(pool.get("free").intValue()).isEqualTo(2);
    }

    /** {@value #CLIENTS} clients, {@value #REQUESTS} similarity requests each, all started together. */
    private void similarityLoad() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int client = 0; client < CLIENTS; client++) {
                int id = client;
                results.add(clients.submit(() -> {
                    start.await();
                    for (int request = 0; request < REQUESTS; request++) {
                        String a = "client " + id + " request " + request + " " + "abcdefghij".repeat(20);
                        ApiClient.Response response = api.post("/api/similarity", "{\"a\":\"" + a + "\",\"b\":\"" + a + "!\"}");
                        assertThat(response.status()).as(response.toString()).isEqualTo(200);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> result : results) {
                result.get(90, TimeUnit.SECONDS);
            }
        }
        finally {
            clients.shutdownNow();
            clients.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private JsonNode snapshot() {
        ApiClient.Response response = api.get("/api/dashboard");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        return response.json();
    }

    /** p50 ≤ p99 ≤ max: the maximum is exact, so never below a percentile of the same window. */
    private static void assertOrdered(JsonNode figures, String p50, String p99, String max) {
        assertThat(figures.get(p50).longValue()).as(p50 + " in " + figures).isNotNegative()
                .isLessThanOrEqualTo(figures.get(p99).longValue());
        assertThat(figures.get(p99).longValue()).as(p99 + " in " + figures).isLessThanOrEqualTo(figures.get(max).longValue());
    }
}
