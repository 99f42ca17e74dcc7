package io.nnmath.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.nnmath.grpc.inference.GRPCInferenceServiceGrpc;
import io.nnmath.grpc.inference.ModelInferRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.stereotype.Component;

/**
 * Warm-up before readiness: before the service reports ready (Spring sets readiness once every
 * ApplicationRunner has run; liveness is up already), it sends itself real requests over loopback
 * for every hot path (long and short softmax rows, log-softmax, cross-entropy and its gradient, the
 * Jacobian and the VJP, every recurrent cell forward and backward, the dense network, the OIP
 * binary and JSON codecs, and the softmax over gRPC), each until its timings are steady, within a
 * time bound. So the JIT has compiled the request path, Vector API kernels included, before the
 * first client's request arrives. A request that fails fails the start.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 100)   // before HeapAtStart fits the memory budget to the heap left free
class WarmUp implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(WarmUp.class);

    /** One kind of request, sent until it is steady. */
    record Workload(String name, String path, String contentType, byte[] body, String headerLength) {
    }

    /** What warming one workload took: its rounds, first and steady times. */
    record Warmed(String name, int rounds, double firstMillis, double lastMillis, boolean steady) {
    }

    /** Passes over every workload, once each, before any is sent until steady. */
    static final int PROFILE_PASSES = 3;

    /** A workload whose fastest median has not improved for this many times steady-rounds rounds is steady too. */
    static final int PLATEAU = 4;

    private final WarmUpProperties properties;
    private final WebServerApplicationContext context;
    private final ObjectProvider<GrpcServerLifecycle> grpc;
    private volatile List<Warmed> report = List.of();

    WarmUp(WarmUpProperties properties, WebServerApplicationContext context, ObjectProvider<GrpcServerLifecycle> grpc) {
        this.properties = properties;
        this.context = context;
        this.grpc = grpc;
    }

    /** What the last warm-up did, for tests and the log. */
    List<Warmed> report() {
        return report;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        warmUp();
        if (properties.exit()) {
            log.info("Warm-up: done, and the process ends (nnmath.warmup.exit=true)");
            System.exit(SpringApplication.exit(context));
        }
    }

    private void warmUp() throws Exception {
        if (!properties.enabled()) {
            log.info("Warm-up: off (nnmath.warmup.enabled=false); the first requests run on cold code");
            return;
        }
        long start = System.nanoTime();
        long deadline = start + properties.maxTime().toNanos();
        String base = "http://127.0.0.1:" + context.getWebServer().getPort();
        if (!millionFits()) {
            log.info("Warm-up: the 1M-logit workload is left out in a heap of {} MB (below {} MB)",
                    Runtime.getRuntime().maxMemory() >> 20, MILLION_MIN_HEAP >> 20);
        }
        List<Warmed> warmed = new ArrayList<>();
        GrpcServerLifecycle grpc = this.grpc.getIfAvailable();
        ManagedChannel channel = grpc == null ? null
                : ManagedChannelBuilder.forAddress("127.0.0.1", grpc.getPort()).usePlaintext().build();
        try {
            Map<String, Round> rounds = new LinkedHashMap<>();
            for (Workload w : workloads()) {
                rounds.put(w.name(), http(base, w));
            }
            if (channel != null) {
                ModelInferRequest request = grpcSoftmax(new SplittableRandom(2), 65_536);
                var stub = GRPCInferenceServiceGrpc.newBlockingStub(channel);
                rounds.put("grpc softmax 65536", () -> stub.withDeadlineAfter(30, TimeUnit.SECONDS).modelInfer(request));
            }
            // First every workload a few times in turn, so that the JIT profiles every shape of every
            // shared method (short rows and long, JSON and binary, FP64 and FP32) before it compiles
            // them: compiled for one shape only, a method meets the next one with an uncommon trap,
            // falls back to C1, and the long-row helpers then stayed in C1 code for dozens of requests
            // (the slow steady state of some starts).
            for (int pass = 0; pass < PROFILE_PASSES && System.nanoTime() < deadline; pass++) {
                for (Round round : rounds.values()) {
                    round.send();
                }
            }
            int i = 0;
            for (Map.Entry<String, Round> r : rounds.entrySet()) {
                long share = (deadline - System.nanoTime()) / (rounds.size() - i++);
                warmed.add(warm(r.getKey(), r.getValue(), System.nanoTime() + Math.max(0, share)));
            }
        } finally {
            if (channel != null) {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
        report = List.copyOf(warmed);
        long unsteady = warmed.stream().filter(w -> !w.steady()).count();
        log.info("Warm-up: {} workloads in {} ms{}: {}", warmed.size(), (System.nanoTime() - start) / 1_000_000,
                unsteady == 0 ? ", every one steady" : ", " + unsteady + " not steady within nnmath.warmup.max-time",
                String.join("; ", warmed.stream().map(w -> String.format(Locale.ROOT, "%s %d rounds %.2f -> %.2f ms",
                        w.name(), w.rounds(), w.firstMillis(), w.lastMillis())).toList()));
    }

    /** One round of a workload: sends its request once; throws unless it was answered. */
    private interface Round {
        void send() throws Exception;
    }

    /**
     * A round over HTTP/1.1 with the JDK's HttpURLConnection, which keeps the connection alive
     * between rounds. (java.net.http's client stayed in the heap after the warm-up: it loads 1,300
     * classes, among them TLS's with the trusted certificates, and kept 2.5 MB live in a bare JVM
     * against HttpURLConnection's 0.3 MB, heap that a small heap's memory budget is measured without.)
     */
    private static Round http(String base, Workload w) throws IOException {
        URL url = URI.create(base + w.path()).toURL();
        return () -> {
            HttpURLConnection connection = (HttpURLConnection) url.openConnection();
            connection.setConnectTimeout(5_000);
            connection.setReadTimeout(30_000);
            connection.setRequestMethod("POST");
            connection.setRequestProperty("Content-Type", w.contentType());
            if (w.headerLength() != null) {
                connection.setRequestProperty("Inference-Header-Content-Length", w.headerLength());
            }
            connection.setDoOutput(true);
            connection.setFixedLengthStreamingMode(w.body().length);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(w.body());
            }
            int status = connection.getResponseCode();
            // The answer is read in full, as a client reads it, but not kept: only its start, for the
            // message of a failure (an answer held whole, twice over while it is joined, did not fit
            // beside Spring in a small heap)
            try (InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                byte[] start = body == null ? new byte[0] : body.readNBytes(300);
                if (body != null) {
                    body.transferTo(OutputStream.nullOutputStream());
                }
                if (status != 200) {
                    throw new IllegalStateException("warm-up request " + w.name() + " was answered " + status
                            + ": " + new String(start, StandardCharsets.UTF_8));
                }
            }
        };
    }

    /**
     * Sends {@code round} until its times are steady or {@code until}; a round that fails fails the
     * start. Steady: {@code steadyRounds} rounds in a row within {@code steadyWithin} of the fastest,
     * or no new fastest for {@link #PLATEAU} times {@code steadyRounds} rounds (a workload of a few
     * milliseconds on a busy machine may never give five quiet rounds in a row, and it has
     * stopped getting faster: its code is compiled).
     */
    private Warmed warm(String name, Round round, long until) throws Exception {
        double first = -1;
        double[] recent = new double[3];
        double best = Double.MAX_VALUE;
        double last = 0;
        int inARow = 0;
        int sinceBest = 0;
        int rounds = 0;
        boolean steady;
        do {
            long sent = System.nanoTime();
            round.send();
            last = (System.nanoTime() - sent) / 1e6;
            rounds++;
            first = first < 0 ? last : first;
            recent[rounds % 3] = last;
            if (rounds >= 3) {
                double median = medianOfThree(recent);
                sinceBest = median < best ? 0 : sinceBest + 1;
                best = Math.min(best, median);
            }
            inARow = last <= best * (1 + properties.steadyWithin()) ? inARow + 1 : 0;
            steady = inARow >= properties.steadyRounds() || sinceBest >= PLATEAU * properties.steadyRounds();
        } while (!steady && System.nanoTime() < until);
        return new Warmed(name, rounds, first, last, steady);
    }

    /**
     * The fastest a workload has been is taken as the median of three rounds in a row, so that one
     * lucky round (on a machine whose other processes pause now and then) does not hold every later
     * round to a time it cannot reach again.
     */
    private static double medianOfThree(double[] t) {
        return Math.max(Math.min(t[0], t[1]), Math.min(Math.max(t[0], t[1]), t[2]));
    }

    /** Synthetic requests that take every hot path, sized so that the JIT sees long loops. */
    static List<Workload> workloads() {
        SplittableRandom random = new SplittableRandom(1);
        String json = "application/json";
        List<Workload> w = new ArrayList<>();
        w.add(new Workload("softmax 65536", "/softmax", json, utf8("{\"logits\":" + vector(random, 65_536) + "}"), null));
        w.add(new Workload("softmax 4096x10", "/softmax", json, utf8("{\"logits\":" + matrix(random, 4096, 10) + "}"), null));
        w.add(new Workload("log-softmax 65536", "/log-softmax", json,
                utf8("{\"logits\":" + vector(random, 65_536) + ",\"temperature\":2}"), null));
        String targets = indices(random, 2000, 10);
        w.add(new Workload("cross-entropy 2000x10", "/loss/cross-entropy", json,
                utf8("{\"logits\":" + matrix(random, 2000, 10) + ",\"target\":" + targets + "}"), null));
        w.add(new Workload("cross-entropy gradient 2000x10", "/gradient/cross-entropy", json,
                utf8("{\"logits\":" + matrix(random, 2000, 10) + ",\"target\":" + targets + ",\"labelSmoothing\":0.1}"),
                null));
        w.add(new Workload("jacobian 4x256", "/gradient/softmax", json, utf8("{\"logits\":" + matrix(random, 4, 256) + "}"),
                null));
        w.add(new Workload("vjp 2000x10", "/gradient/softmax", json, utf8("{\"logits\":" + matrix(random, 2000, 10)
                + ",\"upstream\":" + matrix(random, 2000, 10) + "}"), null));
        for (String cell : new String[] {"rnn", "lstm", "gru"}) {
            int gates = cell.equals("rnn") ? 1 : cell.equals("lstm") ? 4 : 3;
            String layer = "{\"weightIh\":" + small(random, gates * 32, 8) + ",\"weightHh\":" + small(random, gates * 32, 32)
                    + "}";
            String inputs = "[" + matrix(random, 60, 8) + "," + matrix(random, 40, 8) + "]";
            String forward = "{\"cell\":\"" + cell + "\",\"layers\":[" + layer + "],\"inputs\":" + inputs
                    + ",\"output\":{\"weight\":" + small(random, 4, 32) + "}";
            w.add(new Workload(cell + " forward", "/rnn/forward", json, utf8(forward + "}"), null));
            w.add(new Workload(cell + " backward", "/rnn/backward", json, utf8(forward + ",\"targets\":["
                    + indices(random, 60, 4) + "," + indices(random, 40, 4) + "]}"), null));
        }
        w.add(new Workload("network 2000x4", "/network/forward", json, utf8("{\"inputs\":" + matrix(random, 2000, 4)
                + ",\"layers\":[{\"weight\":" + small(random, 16, 4) + ",\"activation\":\"relu\"},{\"weight\":"
                + small(random, 3, 16) + "}],\"softmax\":true}"), null));
        w.add(new Workload("oip json softmax", "/v2/models/softmax/infer", json, utf8("{\"inputs\":[{\"name\":\"logits\","
                + "\"shape\":[64,64],\"datatype\":\"FP64\",\"data\":" + vector(random, 4096) + "}]}"), null));
        for (String datatype : new String[] {"FP64", "FP32"}) {
            w.add(oipBinary(random, datatype, 65_536));
        }
        if (millionFits()) {
            w.add(oipBinary(random, "FP64", 1 << 20)); // a million logits in one row, as the benchmarks send
        }
        return w;
    }

    /**
     * The heap below which the million-logit workload is left out: its request and answer, held here
     * and in the server at once, would not fit beside Spring in a small heap, and the start would
     * fail (at -Xmx40m). The service still answers such requests there, from colder code.
     */
    static final long MILLION_MIN_HEAP = 256L << 20;

    private static boolean millionFits() {
        return Runtime.getRuntime().maxMemory() >= MILLION_MIN_HEAP;
    }

    private static Workload oipBinary(SplittableRandom random, String datatype, int n) {
        int size = datatype.equals("FP64") ? 8 : 4;
        byte[] header = utf8("{\"inputs\":[{\"name\":\"logits\",\"shape\":[1," + n + "],\"datatype\":\"" + datatype
                + "\",\"parameters\":{\"binary_data_size\":" + (long) n * size + "}}],"
                + "\"parameters\":{\"binary_data_output\":true}}");
        byte[] body = Arrays.copyOf(header, header.length + n * size);   // the header, then the values
        ByteBuffer values = ByteBuffer.wrap(body, header.length, n * size).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            double v = random.nextDouble(-10, 10);
            if (size == 8) {
                values.putDouble(v);
            } else {
                values.putFloat((float) v);
            }
        }
        return new Workload("oip binary softmax " + datatype + (n == 65_536 ? "" : " " + n), "/v2/models/softmax/infer",
                "application/octet-stream", body, Integer.toString(header.length));
    }

    /** The OIP softmax over gRPC: {@code n} FP64 logits in raw_input_contents. */
    private static ModelInferRequest grpcSoftmax(SplittableRandom random, int n) {
        ByteBuffer values = ByteBuffer.allocate(n * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            values.putDouble(random.nextDouble(-10, 10));
        }
        return ModelInferRequest.newBuilder().setModelName("softmax")
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("logits").setDatatype("FP64")
                        .addShape(1).addShape(n))
                .addRawInputContents(ByteString.copyFrom(values.array())).build();
    }

    private static String vector(SplittableRandom random, int n) {
        StringBuilder s = new StringBuilder(n * 8).append('[');
        for (int i = 0; i < n; i++) {
            s.append(i == 0 ? "" : ",").append(Math.round(random.nextDouble(-10, 10) * 1e4) / 1e4);
        }
        return s.append(']').toString();
    }

    private static String matrix(SplittableRandom random, int rows, int cols) {
        StringBuilder s = new StringBuilder().append('[');
        for (int r = 0; r < rows; r++) {
            s.append(r == 0 ? "" : ",").append(vector(random, cols));
        }
        return s.append(']').toString();
    }

    private static String small(SplittableRandom random, int rows, int cols) {
        StringBuilder s = new StringBuilder().append('[');
        for (int r = 0; r < rows; r++) {
            s.append(r == 0 ? "[" : ",[");
            for (int c = 0; c < cols; c++) {
                s.append(c == 0 ? "" : ",").append(Math.round(random.nextDouble(-0.1, 0.1) * 1e4) / 1e4);
            }
            s.append(']');
        }
        return s.append(']').toString();
    }

    private static String indices(SplittableRandom random, int n, int classes) {
        StringBuilder s = new StringBuilder().append('[');
        for (int i = 0; i < n; i++) {
            s.append(i == 0 ? "" : ",").append(random.nextInt(classes));
        }
        return s.append(']').toString();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
