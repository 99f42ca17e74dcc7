package io.nnmath;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bounded load test in the suite: 64 concurrent connections on loopback send a mix of valid and
 * invalid requests to the real server. Zero 5xx, zero failed connections; the p99 is reported
 * (not asserted: speed is measured by the benchmarks, not by unit tests).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LoadTests {

    static final int CONNECTIONS = 64;
    static final int REQUESTS_EACH = 100;
    static final Duration TIME_LIMIT = Duration.ofSeconds(50);

    /** Valid and invalid bodies, with the status each must get. */
    static final List<String[]> MIX = List.of(
            new String[] {"/softmax", "{\"logits\": [1.43, -0.4, 0.23], \"classNames\": [\"Setosa\", \"Versicolor\", \"Virginica\"]}", "200"},
            new String[] {"/loss/cross-entropy", "{\"probabilities\": [0.57, 0.31, 0.12], \"target\": 0}", "200"},
            new String[] {"/gradient/softmax", "{\"logits\": [[1, 2, 3], [4, 5, 6]]}", "200"},
            new String[] {"/softmax", "{\"logits\": [[1, 2], [3]]}", "422"},
            new String[] {"/softmax", "{\"logits\": [1, \"2\"]}", "400"},
            new String[] {"/loss/cross-entropy", "{\"logits\": [1, 2], \"target\": 5}", "422"},
            new String[] {"/softmax", "{\"logits\": [1, 2", "400"});

    @LocalServerPort
    int port;

    @Test
    void sixtyFourConnectionsOfMixedTrafficGetNo5xxAndNoDroppedConnections() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ConcurrentHashMap<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicInteger wrong = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        long deadline = System.nanoTime() + TIME_LIMIT.toNanos();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS)) {
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                int worker = c;
                workers.add(pool.submit(() -> {
                    for (int i = 0; i < REQUESTS_EACH && System.nanoTime() < deadline; i++) {
                        String[] request = MIX.get((worker + i) % MIX.size());
                        long sent = System.nanoTime();
                        try {
                            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                                            URI.create("http://localhost:" + port + request[0]))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(request[1])).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            latencies.add(System.nanoTime() - sent);
                            statuses.computeIfAbsent(response.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                            if (response.statusCode() != Integer.parseInt(request[2])) {
                                wrong.incrementAndGet();
                            }
                        } catch (IOException e) {
                            failed.incrementAndGet();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        double p99 = sorted.get((int) Math.ceil(0.99 * sorted.size()) - 1) / 1e6;
        double p50 = sorted.get(sorted.size() / 2) / 1e6;
        System.out.printf("LoadTests: %d requests in %.1f s (%.0f/s) over %d connections; statuses %s; "
                        + "failed connections %d; p50 %.2f ms, p99 %.2f ms%n", sorted.size(), seconds,
                sorted.size() / seconds, CONNECTIONS, statuses, failed.get(), p50, p99);
        assertThat(failed.get()).isZero();
        assertThat(statuses.keySet()).allMatch(s -> s < 500);
        assertThat(wrong.get()).isZero();
        assertThat(sorted).hasSize(CONNECTIONS * REQUESTS_EACH);
    }
}
