package io.nnmath.bench.grpc;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.nnmath.grpc.inference.GRPCInferenceServiceGrpc;
import io.nnmath.grpc.inference.ModelInferRequest;
import io.nnmath.grpc.inference.ModelInferResponse;

/**
 * One Java client timing the same work over every protocol, side by side in one run:
 * <ul>
 * <li>large: a 1M-logit FP64 softmax end to end (request sent, answer read in full), as gRPC
 * (raw_input_contents, through the generated stub), as an OIP binary body over HTTP, as JSON to
 * nnmath's /softmax, and as the same JSON to the echo app. Each row is first called for
 * {@code --large-warmup-seconds} (and at least {@code --warmups} times), so that both JVMs have
 * compiled its path; then {@code --runs} rounds call every row once in turn, and each row's median
 * is reported;</li>
 * <li>small: the Iris softmax in a closed loop of {@code --workers} callers, over gRPC and as JSON
 * over HTTP/1.1 (java.net.http): {@code --warmup-seconds} of each unmeasured, then
 * {@code --rounds} rounds of {@code --seconds} of gRPC then as long of JSON, the medians. A failed
 * call is counted and reported; its caller goes on.</li>
 * </ul>
 * Arguments are {@code --name=value}; the data files are bench/data's (scripts/bench-grpc.sh).
 * {@code --only=large} or {@code small} runs one half, {@code --large-rows=grpc,oip,json,echo} some
 * of the large rows (for a profile of one). {@code --bare-grpc=host:port} adds a large row for the
 * floor: the same call to {@link BareGrpcEcho}, which {@code --serve-bare-echo=port} serves.
 */
public final class GrpcDriver {

    private final Map<String, String> args;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private GrpcDriver(Map<String, String> args) {
        this.args = args;
    }

    public static void main(String[] argv) throws Exception {
        // A pooled connection idle for longer than the server's keep-alive (Tomcat's 20 s, as between
        // the small loop's gRPC and HTTP halves) may be closed by the server just as it is taken
        // again, and a POST on it fails ("header parser received no bytes"): the client drops idle
        // connections first. Set before the first HttpClient reads it.
        System.setProperty("jdk.httpclient.keepalive.timeout", "5");
        Map<String, String> args = new LinkedHashMap<>();
        for (String a : argv) {
            int eq = a.indexOf('=');
            if (!a.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("arguments are --name=value, not " + a);
            }
            args.put(a.substring(2, eq), a.substring(eq + 1));
        }
        if (args.containsKey("serve-bare-echo")) {
            BareGrpcEcho.serve(Integer.parseInt(args.get("serve-bare-echo")),
                    Integer.parseInt(args.getOrDefault("window", "0")));
            return;
        }
        new GrpcDriver(args).run();
    }

    private String arg(String name, String otherwise) {
        return args.getOrDefault(name, otherwise);
    }

    private int number(String name, int otherwise) {
        return Integer.parseInt(arg(name, Integer.toString(otherwise)));
    }

    private void run() throws Exception {
        String nnmath = arg("nnmath", "http://127.0.0.1:8080");
        String echo = arg("echo", "http://127.0.0.1:18081/echo");
        String[] grpcAddress = arg("grpc", "127.0.0.1:8082").split(":");
        Path data = Path.of(arg("data", "bench/data"));
        int warmups = number("warmups", 3);
        int runs = number("runs", 10);
        ManagedChannel channel = channel(arg("grpc", "127.0.0.1:8082"));
        try {
            var stub = GRPCInferenceServiceGrpc.newBlockingStub(channel);
            String which = arg("only", "large,small");

            if (which.contains("large")) {
                byte[] json = Files.readAllBytes(data.resolve("softmax-1m.json"));
                byte[] oip = Files.readAllBytes(data.resolve("oip-softmax-1m-fp64.bin"));
                int headerLength = Integer.parseInt(Files.readString(data.resolve("oip-softmax-1m-fp64.bin.hlen")).trim());
                ByteString logits = UnsafeByteOperations.unsafeWrap(oip, headerLength, oip.length - headerLength);
                int n = logits.size() / 8;
                ModelInferRequest request = ModelInferRequest.newBuilder().setModelName("softmax")
                        .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("logits").setDatatype("FP64")
                                .addShape(1).addShape(n))
                        .addRawInputContents(logits).build();
                String rows = arg("large-rows", "grpc,oip,json,echo");
                Map<String, Supplier<Long>> calls = new LinkedHashMap<>();
                if (rows.contains("grpc")) {
                    calls.put("gRPC, raw FP64 (nnmath)", () -> (long) stub.modelInfer(request).getRawOutputContents(0).size());
                }
                ManagedChannel bare = args.containsKey("bare-grpc") ? channel(arg("bare-grpc", "")) : null;
                if (bare != null) {
                    var bareStub = GRPCInferenceServiceGrpc.newBlockingStub(bare);
                    calls.put("gRPC, bare grpc-java echo (floor)",
                            () -> (long) bareStub.modelInfer(request).getRawOutputContents(0).size());
                }
                if (rows.contains("oip")) {
                    calls.put("OIP binary FP64 over HTTP (nnmath)", () -> post(nnmath + "/v2/models/softmax/infer", oip,
                            "application/octet-stream", headerLength));
                }
                if (rows.contains("json")) {
                    calls.put("JSON /softmax (nnmath)", () -> post(nnmath + "/softmax", json, "application/json", -1));
                }
                if (rows.contains("echo")) {
                    calls.put("JSON echo (bare Spring app)", () -> post(echo, json, "application/json", -1));
                }
                int warmupSeconds = number("large-warmup-seconds", 20);
                Map<String, Integer> warmed = new LinkedHashMap<>();
                for (var e : calls.entrySet()) {
                    warmed.put(e.getKey(), warmUp(e.getValue(), warmups, warmupSeconds));
                }
                Map<String, Double> large = interleavedMedians(calls, runs);
                double floor = large.getOrDefault("JSON echo (bare Spring app)", Double.NaN);
                System.out.printf(Locale.ROOT, "large: 1M-logit FP64 softmax (%d numbers), end to end from one Java "
                        + "client; each row warmed for %d s (at least %d calls), then %d rounds of one call per row, "
                        + "the median%n", n, warmupSeconds, warmups, runs);
                for (var e : large.entrySet()) {
                    System.out.printf(Locale.ROOT, "  %-38s %9.2f ms   %6.3f x echo   (%d warm-up calls)%n", e.getKey(),
                            e.getValue(), e.getValue() / floor, warmed.get(e.getKey()));
                }
                if (bare != null) {
                    bare.shutdownNow();
                }
            }

            if (which.contains("small")) {
                int workers = number("workers", 32);
                int seconds = number("seconds", 30);
                int warmupSeconds = number("warmup-seconds", 20);
                ModelInferRequest iris = ModelInferRequest.newBuilder().setModelName("softmax")
                        .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("logits").setDatatype("FP64")
                                .addShape(1).addShape(3))
                        .addRawInputContents(fp64(1.43, -0.4, 0.23)).build();
                byte[] irisJson = "{\"logits\":[1.43,-0.4,0.23],\"classNames\":[\"Setosa\",\"Versicolor\",\"Virginica\"]}"
                        .getBytes();
                // As many connections as the HTTP client opens callers' worth of: one channel (one
                // HTTP/2 connection, one event loop) per CALLERS_PER_CHANNEL callers.
                int channels = Math.max(1, workers / number("callers-per-channel", 8));
                List<ManagedChannel> smallChannels = new ArrayList<>();
                List<GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub> stubs = new ArrayList<>();
                for (int c = 0; c < channels; c++) {
                    ManagedChannel ch = io.grpc.netty.NettyChannelBuilder.forAddress(grpcAddress[0],
                            Integer.parseInt(grpcAddress[1])).usePlaintext().build();
                    smallChannels.add(ch);
                    stubs.add(GRPCInferenceServiceGrpc.newBlockingStub(ch));
                }
                AtomicLong next = new AtomicLong();
                ThreadLocal<GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub> mine = ThreadLocal.withInitial(
                        () -> stubs.get((int) (next.getAndIncrement() % stubs.size())));
                Supplier<Long> overGrpc = () -> (long) mine.get().modelInfer(iris).getRawOutputContents(0).size();
                Supplier<Long> overJson = () -> post(nnmath + "/softmax", irisJson, "application/json", -1);
                int rounds = number("rounds", 3);
                closedLoop(overGrpc, workers, warmupSeconds);
                closedLoop(overJson, workers, warmupSeconds);
                double[] grpcRates = new double[rounds];
                double[] jsonRates = new double[rounds];
                long[] errors = new long[2];
                StringBuilder perRound = new StringBuilder();
                for (int r = 0; r < rounds; r++) {
                    Rate g = closedLoop(overGrpc, workers, seconds);
                    Rate j = closedLoop(overJson, workers, seconds);
                    grpcRates[r] = g.perSecond();
                    jsonRates[r] = j.perSecond();
                    errors[0] += g.failures();
                    errors[1] += j.failures();
                    perRound.append(String.format(Locale.ROOT, " %.2f", g.perSecond() / j.perSecond()));
                }
                for (ManagedChannel ch : smallChannels) {
                    ch.shutdownNow();
                }
                double grpcRate = median(grpcRates);
                double jsonRate = median(jsonRates);
                System.out.printf(Locale.ROOT, "small: the Iris softmax, %d callers in a closed loop; after %d s of each "
                        + "unmeasured, %d rounds of %d s of gRPC then %d s of JSON, the median; gRPC over %d channels%n",
                        workers, warmupSeconds, rounds, seconds, seconds, channels);
                System.out.printf(Locale.ROOT, "  %-38s %9.0f req/s   failed calls: %d%n", "gRPC, raw FP64 (nnmath)",
                        grpcRate, errors[0]);
                System.out.printf(Locale.ROOT, "  %-38s %9.0f req/s   failed calls: %d%n",
                        "JSON /softmax over HTTP/1.1 (nnmath)", jsonRate, errors[1]);
                System.out.printf(Locale.ROOT, "  gRPC / JSON %.2f x (each round's:%s)%n", grpcRate / jsonRate, perRound);
            }
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** A channel for the large calls to {@code target} (host:port); {@code --window} sets its flow-control window. */
    private ManagedChannel channel(String target) {
        var builder = io.grpc.netty.NettyChannelBuilder.forTarget(target).usePlaintext().maxInboundMessageSize(64 << 20);
        if (args.containsKey("window")) {
            builder.flowControlWindow(number("window", 1 << 20));
        }
        return builder.build();
    }

    /** POSTs {@code body}; answers the bytes of a 200, else fails. */
    private long post(String url, byte[] body, String type, int headerLength) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headerLength >= 0) {
            request.header("Inference-Header-Content-Length", Integer.toString(headerLength));
        }
        try {
            HttpResponse<byte[]> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + answer.statusCode() + ": "
                        + new String(answer.body(), 0, Math.min(300, answer.body().length)));
            }
            return answer.body().length;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Calls {@code call} for {@code seconds}, and at least {@code atLeast} times; answers how many calls. */
    private static int warmUp(Supplier<Long> call, int atLeast, int seconds) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        int calls = 0;
        while (calls < atLeast || System.nanoTime() < end) {
            call.get();
            calls++;
        }
        return calls;
    }

    /**
     * The median time in ms of each call over {@code runs} rounds, every round calling each once in
     * turn, so that what the machine does meanwhile falls on all of them alike.
     */
    private static Map<String, Double> interleavedMedians(Map<String, Supplier<Long>> calls, int runs) {
        Map<String, double[]> ms = new LinkedHashMap<>();
        calls.keySet().forEach(name -> ms.put(name, new double[runs]));
        for (int r = 0; r < runs; r++) {
            for (var e : calls.entrySet()) {
                long start = System.nanoTime();
                e.getValue().get();
                ms.get(e.getKey())[r] = (System.nanoTime() - start) / 1e6;
            }
        }
        Map<String, Double> medians = new LinkedHashMap<>();
        ms.forEach((name, times) -> medians.put(name, median(times)));
        return medians;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Calls a second, and the calls that failed (each counted, its caller going on, as wrk does). */
    private record Rate(double perSecond, long failures) {
    }

    /** Calls per second of {@code workers} threads calling {@code call} back to back for {@code seconds}. */
    private static Rate closedLoop(Supplier<Long> call, int workers, int seconds) throws InterruptedException {
        LongAdder done = new LongAdder();
        LongAdder failures = new LongAdder();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        CountDownLatch finished = new CountDownLatch(workers);
        long start = System.nanoTime();
        for (int w = 0; w < workers; w++) {
            Thread.ofPlatform().name("caller-" + w).start(() -> {
                try {
                    while (System.nanoTime() < end) {
                        try {
                            call.get();
                            done.increment();
                        } catch (RuntimeException e) {
                            if (failures.sum() < 5) {
                                System.err.println("a call failed: " + e);
                            }
                            failures.increment();
                        }
                    }
                } finally {
                    finished.countDown();
                }
            });
        }
        finished.await();
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Rate(done.sum() / elapsed, failures.sum());
    }

    private static ByteString fp64(double... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().put(values);
        return ByteString.copyFrom(b.array());
    }
}
