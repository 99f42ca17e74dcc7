package io.nnmath;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hostile and careless clients that took the service down before admission by cost, against
 * the real server on loopback, each bounded in time: uploads that drip, hundreds of bodies that
 * never come, and bursts of small requests that need a lot of memory or time. The service keeps
 * answering everyone else, answers these only with 200, 408, 413 or 503, and never runs out of
 * memory. The memory budget is set to 256 MB, as on a small pod, whatever this JVM's heap is; the
 * server warms up as in production (and shares its context with WarmUpTests).
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "nnmath.overload.memory-budget=256MB", "nnmath.warmup.enabled=true", "nnmath.warmup.max-time=8s"})
public class HostileClientsTests {

    static final String IRIS = "{\"logits\": [1.43, -0.4, 0.23]}";

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Test
    void twoDrippingUploadsLeaveEveryoneElseAnsweredWithinASecond() throws Exception {
        List<String> dripped = new ArrayList<>();
        try (ExecutorService drippers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> answers = new ArrayList<>();
            for (int d = 0; d < 2; d++) {
                answers.add(drippers.submit(this::drip));
            }
            TestHttp http = new TestHttp(port);
            long end = System.nanoTime() + Duration.ofSeconds(6).toNanos();
            int answered = 0;
            while (System.nanoTime() < end) {
                long sent = System.nanoTime();
                assertThat(http.post("/softmax", IRIS).status()).isEqualTo(200);
                assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(1));
                answered++;
                Thread.sleep(50);
            }
            assertThat(answered).isGreaterThan(20);
            for (Future<String> answer : answers) {
                dripped.add(answer.get());
            }
        }
        // Below nnmath.overload.min-body-rate once body-grace has passed: cut off, not held forever.
        assertThat(dripped).allSatisfy(answer -> assertThat(answer).startsWith("HTTP/1.1 408"));
    }

    /** A chunked upload of a byte every 500 ms, until the server answers (at most 12 s). */
    private String drip() throws IOException, InterruptedException {
        try (RawHttp drip = new RawHttp(port, Duration.ofSeconds(12))) {
            drip.startPost("/softmax", -1).chunk("{\"logits\": [");
            for (int i = 0; i < 24; i++) {
                Thread.sleep(500);
                try {
                    drip.chunk(i % 2 == 0 ? "1" : ",");
                } catch (IOException closed) {
                    break;
                }
            }
            return drip.untilClosed();
        }
    }

    @Test
    void threeHundredBodiesThatNeverComeLeaveTheApiAnsweringWithinTwoSeconds() throws Exception {
        TestHttp http = new TestHttp(port);
        // springdoc builds the document on its first request (hundreds of ms): not what is measured here
        assertThat(http.send(HttpRequest.newBuilder(http.uri("/v3/api-docs")).GET()).status()).isEqualTo(200);
        List<RawHttp> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                stalled.add(new RawHttp(port, Duration.ofSeconds(10)).startPost("/softmax", 100).send("{\"logits\":"));
            }
            Thread.sleep(200); // every one of them is now waiting for the rest of its body
            for (int i = 0; i < 5; i++) {
                assertWithin(Duration.ofSeconds(2), () -> http.send(HttpRequest.newBuilder(http.uri("/v3/api-docs"))
                        .GET()).status());
                assertWithin(Duration.ofSeconds(2), () -> http.post("/softmax", IRIS).status());
            }
        } finally {
            for (RawHttp connection : stalled) {
                connection.close();
            }
        }
    }

    @Test
    void burstsOfMemoryHeavySmallRequestsGetOnly200Or503AndLivenessStaysFast(CapturedOutput output)
            throws Exception {
        TestHttp management = new TestHttp(managementPort);
        AtomicBoolean bursting = new AtomicBoolean(true);
        AtomicLong slowestLiveness = new AtomicLong();
        AtomicInteger livenessFailures = new AtomicInteger();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        // The poller on a platform thread of its own, so that it never queues behind this JVM's
        // virtual threads (client and server share the carriers here).
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
             ExecutorService poller = Executors.newSingleThreadExecutor()) {
            Future<?> liveness = poller.submit(() -> {
                while (bursting.get()) {
                    long sent = System.nanoTime();
                    int status = management.send(HttpRequest.newBuilder(management.uri("/actuator/health/liveness"))
                            .timeout(Duration.ofSeconds(5)).GET()).status();
                    slowestLiveness.accumulateAndGet(System.nanoTime() - sent, Math::max);
                    if (status != 200) {
                        livenessFailures.incrementAndGet();
                    }
                    Thread.sleep(100);
                }
                return null;
            });
            burst(pool, 64, "/gradient/softmax", jacobians(4, 1024), statuses);
            burst(pool, 32, "/rnn/backward", lstmAtTheWorkLimit(), statuses);
            bursting.set(false);
            liveness.get();
        }
        System.out.println("HostileClientsTests: statuses " + statuses + ", slowest liveness "
                + slowestLiveness.get() / 1_000_000 + " ms");
        assertThat(statuses.keySet()).isSubsetOf(200, 413, 503);
        assertThat(statuses.get(200)).isNotNull();
        assertThat(livenessFailures.get()).isZero();
        assertThat(Duration.ofNanos(slowestLiveness.get())).isLessThan(Duration.ofSeconds(1));
        assertThat(output.getAll()).doesNotContain("OutOfMemoryError");
        assertThat(new TestHttp(port).post("/softmax", IRIS).status()).isEqualTo(200);
    }

    private void burst(ExecutorService pool, int concurrent, String path, String body,
                       Map<Integer, AtomicInteger> statuses) throws Exception {
        TestHttp http = new TestHttp(port);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < concurrent; i++) {
            answers.add(pool.submit(() -> http.postForStatus(path, body)));
        }
        for (Future<Integer> answer : answers) {
            statuses.computeIfAbsent(answer.get(), s -> new AtomicInteger()).incrementAndGet();
        }
    }

    /** {@code rows} rows of {@code classes} logits: a 26 KB body whose full Jacobian is 32 MB. */
    public static String jacobians(int rows, int classes) {
        SplittableRandom random = new SplittableRandom(5);
        StringBuilder json = new StringBuilder("{\"logits\": [");
        for (int r = 0; r < rows; r++) {
            json.append(r == 0 ? "[" : ", [");
            for (int c = 0; c < classes; c++) {
                json.append(c == 0 ? "" : ",").append(random.nextInt(-9, 10));
            }
            json.append(']');
        }
        return json.append("]}").toString();
    }

    /** An LSTM of hidden size 64 over 17,800 steps of 8 inputs: 1e9 multiply-adds backward, the limit. */
    public static String lstmAtTheWorkLimit() {
        SplittableRandom random = new SplittableRandom(7);
        int hidden = 64;
        int inputs = 8;
        int steps = 17_800;
        Supplier<String> small = () -> Double.toString(Math.round(random.nextDouble(-0.1, 0.1) * 1000) / 1000.0);
        return "{\"cell\": \"lstm\", \"layers\": [{\"weightIh\": " + matrix(4 * hidden, inputs, small)
                + ", \"weightHh\": " + matrix(4 * hidden, hidden, small) + "}], \"inputs\": "
                + matrix(steps, inputs, small) + ", \"output\": {\"weight\": " + matrix(4, hidden, small)
                + "}, \"targets\": " + matrix(1, steps, () -> Integer.toString(random.nextInt(4))).substring(1)
                .replaceFirst("]$", "") + "}";
    }

    private static String matrix(int rows, int cols, Supplier<String> value) {
        StringBuilder json = new StringBuilder("[");
        for (int r = 0; r < rows; r++) {
            json.append(r == 0 ? "[" : ",[");
            for (int c = 0; c < cols; c++) {
                json.append(c == 0 ? "" : ",").append(value.get());
            }
            json.append(']');
        }
        return json.append(']').toString();
    }

    private static void assertWithin(Duration limit, Supplier<Integer> call) {
        long sent = System.nanoTime();
        assertThat(call.get()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(limit);
    }
}
