import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Java side of the transport measurements (JDK 17, single file):
 *
 *   java TransportBench.java [python3] [rounds]
 *
 * 1. Round trip of a 64-byte frame to a child CPython over its stdin/stdout,
 *    through Process.getOutputStream()/getInputStream() (the echo child is
 *    bench_channels.py --child pipe), median and p99 over `rounds` after warm-up;
 *    and one 8 MB payload written through the same pipe, child answering 1 byte.
 * 2. Copying 1,000,000 doubles (8 MB): System.arraycopy of a double[], and
 *    DoubleBuffer.put into a MappedByteBuffer of a /dev/shm file (native byte
 *    order, reused mapping; and a fresh file each time, page faults included).
 */
public class TransportBench {
    static final int FRAME = 64;
    static final int BIG = 8_000_000;

    public static void main(String[] args) throws Exception {
        String python = args.length > 0 ? args[0] : "python3";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        Path here = Path.of(System.getProperty("user.dir"));
        Path script = here.resolve("bench_channels.py");
        if (!Files.exists(script)) script = here.resolve("benchmarks/transport/bench_channels.py");
        pipe(python, script.toAbsolutePath().toString(), rounds);
        memcpy();
    }

    static void readFully(InputStream in, byte[] b, int n) throws IOException {
        int off = 0;
        while (off < n) {
            int r = in.read(b, off, n - off);
            if (r < 0) throw new IOException("child closed");
            off += r;
        }
    }

    static void pipe(String python, String script, int rounds) throws Exception {
        Process p = new ProcessBuilder(python, script, "--child", "pipe", "-")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        OutputStream out = p.getOutputStream();
        InputStream in = p.getInputStream();
        byte[] msg = new byte[FRAME];
        for (int i = 0; i < FRAME; i++) msg[i] = (byte) i;
        byte[] back = new byte[FRAME];
        for (int i = 0; i < 2_000; i++) {
            out.write(msg);
            out.flush();
            readFully(in, back, FRAME);
        }
        long[] t = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            out.write(msg);
            out.flush();
            readFully(in, back, FRAME);
            t[i] = System.nanoTime() - t0;
        }
        if (!Arrays.equals(msg, back)) throw new AssertionError("echo mismatch");
        Arrays.sort(t);
        System.out.printf("java-pipe  rtt median %7.1f us  p99 %7.1f us%n",
                t[rounds / 2] / 1e3, t[(int) (rounds * 0.99)] / 1e3);

        byte[] header = new byte[FRAME];
        header[0] = (byte) 0xFF;
        byte[] payload = new byte[BIG];
        byte[] ack = new byte[1];
        long[] big = new long[10];
        for (int i = 0; i < big.length + 2; i++) {
            long t0 = System.nanoTime();
            out.write(header);
            out.write(payload);
            out.flush();
            readFully(in, ack, 1);
            if (i >= 2) big[i - 2] = System.nanoTime() - t0;
        }
        Arrays.sort(big);
        System.out.printf("java-pipe  8 MB one way + 1-byte ack median %8.0f us  (min %.0f, max %.0f)%n",
                big[big.length / 2] / 1e3, big[0] / 1e3, big[big.length - 1] / 1e3);
        out.close();
        p.waitFor();
    }

    static double median(long[] t) {
        long[] c = t.clone();
        Arrays.sort(c);
        return c[c.length / 2] / 1e3;
    }

    static void memcpy() throws Exception {
        int n = 1_000_000;
        double[] src = new double[n];
        for (int i = 0; i < n; i++) src[i] = i * 0.001;
        double[] dst = new double[n];
        long[] t = new long[30];
        for (int w = 0; w < 10; w++) System.arraycopy(src, 0, dst, 0, n);
        for (int i = 0; i < t.length; i++) {
            long t0 = System.nanoTime();
            System.arraycopy(src, 0, dst, 0, n);
            t[i] = System.nanoTime() - t0;
        }
        System.out.printf("java System.arraycopy double[1e6] (8 MB): median %.0f us%n", median(t));

        Path f = Files.createTempFile(Path.of("/dev/shm"), "pybridge-bench-", ".bin");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MappedByteBuffer mb = ch.map(FileChannel.MapMode.READ_WRITE, 0, 8L * n);
            mb.order(ByteOrder.nativeOrder());
            DoubleBuffer db = mb.asDoubleBuffer();
            for (int w = 0; w < 10; w++) db.clear().put(src);
            for (int i = 0; i < t.length; i++) {
                long t0 = System.nanoTime();
                db.clear();
                db.put(src);
                t[i] = System.nanoTime() - t0;
            }
            System.out.printf("java DoubleBuffer.put into /dev/shm mapping (native order, reused): median %.0f us%n",
                    median(t));
        } finally {
            Files.deleteIfExists(f);
        }
        long[] fresh = new long[7];
        for (int i = 0; i < fresh.length; i++) {
            Path g = Files.createTempFile(Path.of("/dev/shm"), "pybridge-bench-", ".bin");
            try (FileChannel ch = FileChannel.open(g, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                long t0 = System.nanoTime();
                MappedByteBuffer mb = ch.map(FileChannel.MapMode.READ_WRITE, 0, 8L * n);
                mb.order(ByteOrder.nativeOrder()).asDoubleBuffer().put(src);
                fresh[i] = System.nanoTime() - t0;
            } finally {
                Files.deleteIfExists(g);
            }
        }
        System.out.printf("java fresh /dev/shm file: map + put (page faults included): median %.0f us%n",
                median(fresh));
    }
}
