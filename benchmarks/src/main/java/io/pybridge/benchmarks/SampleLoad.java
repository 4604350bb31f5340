package io.pybridge.benchmarks;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load on the sample app's similarity endpoint: {@code args[0]} concurrent clients (platform
 * threads) POST a text of {@code args[4]} characters (words of random letters) and a copy with
 * one letter in ten changed (256 such bodies, made before the run) to {@code http://localhost:<args[1]>/api/similarity} for
 * {@code args[2]} seconds after a warm-up of {@code args[3]} seconds; prints requests per second
 * and the latency percentiles. Compare the app started with and without a pool:
 * {@code java -cp benchmarks.jar io.pybridge.benchmarks.SampleLoad 64 8080 20 10 8000}. With a sixth
 * argument {@code stats}, POSTs {@code args[4]} numbers to {@code /api/stats} instead (the main
 * interpreter, called from Tomcat's request threads).
 */
public final class SampleLoad {

    private SampleLoad() {
    }

    public static void main(String[] args) throws Exception {
        int clients = Integer.parseInt(args[0]);
        int port = Integer.parseInt(args[1]);
        long measureNanos = Duration.ofSeconds(Long.parseLong(args[2])).toNanos();
        long warmupNanos = Duration.ofSeconds(Long.parseLong(args[3])).toNanos();
        int length = Integer.parseInt(args[4]);
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong failures = new AtomicLong();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        // Bodies made up front, and a bare HTTP/1.1 keep-alive client: on a small machine the load
        // generator must not eat the CPU it measures (the JDK HttpClient took ~4 ms of CPU a request).
        Random random = new Random(42);
        List<byte[]> requests = new ArrayList<>();
        // args[5] = "stats": the main interpreter's /api/stats with args[4] numbers, instead of the pool's similarity.
        boolean stats = args.length > 5 && args[5].equals("stats");
        for (int i = 0; i < 256; i++) {
            byte[] body;
            if (stats) {
                StringBuilder values = new StringBuilder("{\"values\":[");
                for (int v = 0; v < length; v++) {
                    values.append(v == 0 ? "" : ",").append(random.nextInt(1000));
                }
                body = values.append("]}").toString().getBytes(StandardCharsets.UTF_8);
            }
            else {
                String a = text(random, length);
                body = ("{\"a\":\"" + a + "\",\"b\":\"" + mutated(random, a) + "\"}").getBytes(StandardCharsets.UTF_8);
            }
            String head = "POST " + (stats ? "/api/stats" : "/api/similarity") + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
            byte[] request = new byte[head.length() + body.length];
            System.arraycopy(head.getBytes(StandardCharsets.US_ASCII), 0, request, 0, head.length());
            System.arraycopy(body, 0, request, head.length(), body.length);
            requests.add(request);
        }
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread thread = new Thread(() -> {
                int next = client;
                Connection connection = null;
                while (!stop.get()) {
                    byte[] request = requests.get(next++ % requests.size());
                    long begin = System.nanoTime();
                    try {
                        if (connection == null) {
                            connection = new Connection(port);
                        }
                        int status = connection.exchange(request);
                        if (measuring.get()) {
                            if (status == 200) {
                                latencies.add(System.nanoTime() - begin);
                            }
                            else {
                                failures.incrementAndGet();
                            }
                        }
                    }
                    catch (IOException ex) {
                        // The server closed the keep-alive connection (or failed): count it only if it was not a close.
                        if (measuring.get() && connection != null && connection.exchanges > 0 && !connection.closedByServer) {
                            failures.incrementAndGet();
                        }
                        if (connection != null) {
                            connection.close();
                        }
                        connection = null;
                    }
                }
                if (connection != null) {
                    connection.close();
                }
            });
            threads.add(thread);
            thread.start();
        }
        Thread.sleep(warmupNanos / 1_000_000);
        measuring.set(true);
        Thread.sleep(measureNanos / 1_000_000);
        measuring.set(false);
        stop.set(true);
        for (Thread thread : threads) {
            thread.join(60_000);
        }
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        double seconds = measureNanos / 1e9;
        System.out.printf("clients=%d requests=%d failures=%d throughput=%.1f req/s p50=%.1f ms p99=%.1f ms%n", clients,
                sorted.size(), failures.get(), sorted.size() / seconds, percentile(sorted, 0.50), percentile(sorted, 0.99));
    }

    /** One keep-alive connection: writes a request, reads the status and the Content-Length body. */
    private static final class Connection {

        private final Socket socket;

        private final InputStream in;

        private final OutputStream out;

        int exchanges;

        boolean closedByServer;

        Connection(int port) throws IOException {
            socket = new Socket("localhost", port);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        int exchange(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            String statusLine = line();
            if (statusLine == null) {
                closedByServer = true;
                throw new EOFException("connection closed");
            }
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            int contentLength = 0;
            boolean chunked = false;
            String header;
            while ((header = line()) != null && !header.isEmpty()) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    contentLength = Integer.parseInt(header.substring(15).trim());
                }
                else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
                else if (lower.startsWith("connection:") && lower.contains("close")) {
                    closedByServer = true;
                }
            }
            if (chunked) {
                int size;
                while ((size = Integer.parseInt(line().trim(), 16)) > 0) {
                    in.readNBytes(size);
                    line();
                }
                line();
            }
            else {
                in.readNBytes(contentLength);
            }
            exchanges++;
            if (closedByServer) {
                close();
                throw new EOFException("closed by server after the response");
            }
            return status;
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    int length = line.length();
                    return length > 0 && line.charAt(length - 1) == '\r' ? line.substring(0, length - 1) : line.toString();
                }
                line.append((char) b);
            }
            return line.length() == 0 ? null : line.toString();
        }

        void close() {
            try {
                socket.close();
            }
            catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** About {@code size} characters of lowercase words, different every time. */
    private static String text(Random random, int size) {
        StringBuilder text = new StringBuilder();
        while (text.length() < size) {
            int length = 2 + random.nextInt(8);
            for (int i = 0; i < length; i++) {
                text.append((char) ('a' + random.nextInt(26)));
            }
            text.append(' ');
        }
        return text.toString();
    }

    /** {@code text} with about one letter in ten replaced. */
    private static String mutated(Random random, String text) {
        char[] chars = text.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] != ' ' && random.nextInt(10) == 0) {
                chars[i] = (char) ('a' + random.nextInt(26));
            }
        }
        return new String(chars);
    }

    private static double percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) (p * sorted.size()))) / 1e6;
    }
}
