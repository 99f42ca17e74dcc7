package io.nnmath.system;

import java.time.Duration;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.nnmath.RawHttp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.nnmath.TestHttp;
import io.nnmath.oip.OipClient;
import io.nnmath.oip.OipGrpcClient;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

import static io.nnmath.ProblemAssertions.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Admission by cost against a small budget (24 MB): a body that is still arriving holds only its
 * own bytes; a request that could never fit is a 413 naming the budget, one that does not fit now
 * a 503 with Retry-After; bodies that stop or drip are 408s and their connections close; a
 * computation past its deadline is a 503, whichever operation it is.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "nnmath.overload.memory-budget=24MB", "nnmath.overload.max-wait=200ms", "nnmath.overload.retry-after=2s",
        "nnmath.overload.body-grace=1s", "nnmath.overload.min-body-rate=1KB", "nnmath.overload.body-timeout=4s",
        "nnmath.overload.compute-deadline=0s", "nnmath.overload.body-idle-timeout=2s"})
class AdmissionTests {

    static final String IRIS = "{\"logits\": [1.43, -0.4, 0.23]}";
    static final Duration READ = Duration.ofSeconds(5);

    @LocalServerPort
    int port;

    @Autowired
    Admission admission;

    @Autowired
    MeterRegistry registry;

    @Autowired
    GrpcServerLifecycle grpcServer;

    @Test
    void aBodyStillArrivingHoldsNoPlaceOfAnyoneElse() throws Exception {
        TestHttp http = new TestHttp(port);
        try (RawHttp slow = new RawHttp(port, READ)) {
            slow.startPost("/softmax", IRIS.length()).send(IRIS.substring(0, 5));
            for (int i = 0; i < 20; i++) {
                assertThat(http.post("/softmax", IRIS).status()).isEqualTo(200);
            }
            slow.send(IRIS.substring(5));
            assertThat(slow.status()).isEqualTo(200);
        }
    }

    @Test
    void aRequestThatCouldNeverFitIs413NamingTheBudget() {
        String row = "[" + "0.5,".repeat(1023) + "1]";
        String jacobian = "{\"logits\": [" + row + ", " + row + ", " + row + "]}"; // 3 x 1024^2 doubles: 25 MB
        assertThat(problem(new TestHttp(port).post("/gradient/softmax", jacobian), 413, "limit-exceeded")
                .path("detail").asString()).contains("nnmath.overload.memory-budget");
    }

    @Test
    void aFullBudgetIs503WithRetryAfterAndFreesWhenTheHolderIsDone() throws Exception {
        TestHttp http = new TestHttp(port);
        String row = "[" + "0.5,".repeat(1023) + "1]";
        String jacobian = "{\"logits\": [" + row + ", " + row + "]}"; // 2 x 1024^2 doubles: 16.8 MB of Jacobian
        String head = "{\"logits\": [";
        // 2^20 + 1 numbers so far: the reader holds 33 blocks of 2^15 doubles, 8.3 MB of the 24, and
        // then needs 8 MB more for their array: it fits, the Jacobian beside it does not
        byte[] numbers = "1,".repeat((1 << 20) + 1).getBytes();
        String tail = "2]}";
        try (RawHttp holder = new RawHttp(port, READ)) {
            holder.startPost("/softmax", head.length() + numbers.length + tail.length()).send(head).send(numbers);
            awaitHeld(8 << 20);
            TestHttp.Answer shed = http.post("/gradient/softmax", jacobian);
            assertThat(problem(shed, 503, "overloaded").path("detail").asString())
                    .contains("nnmath.overload.memory-budget");
            assertThat(shed.headers().firstValue("Retry-After")).hasValue("2");
            // 8 MB of message and 8 MB of decoded logits: they would fit alone, not beside the
            // holder, and are shed as they are read
            try (OipGrpcClient grpc = new OipGrpcClient(grpcServer.getPort())) {
                Map<String, OipClient.Tensor> logits = Map.of("logits",
                        new OipClient.Tensor("FP64", new long[] {1, 1 << 20}, new double[1 << 20]));
                assertGrpc(() -> grpc.infer("softmax", logits, null, null, true), Status.Code.UNAVAILABLE,
                        "nnmath.overload.memory-budget");
            }
            holder.send(tail);
            assertThat(holder.status()).isEqualTo(200);
        }
        awaitHeld(-1);
        assertThat(http.post("/gradient/softmax", jacobian).status()).isEqualTo(200);
        assertThat(admission.budget().used()).isZero();
    }

    @Test
    void manySmallStringsAreChargedAsTheyAreKept() {
        // 1.6 MB of body, but 400,000 Strings in a list would hold about 26 MB: over the whole budget
        // as they are read, so a 413 (a retry would not help), and the reading stops there.
        String names = "{\"logits\": [1, 2], \"classNames\": [" + "\"a\",".repeat(400_000) + "\"b\"]}";
        TestHttp.Answer answer = new TestHttp(port).post("/softmax", names);
        assertThat(problem(answer, 413, "limit-exceeded").path("detail").asString())
                .contains("memory budget of 24 MB", "nnmath.overload.memory-budget", "send fewer numbers");
        assertThat(new TestHttp(port).post("/softmax", "{\"logits\": [1, 2], \"classNames\": [\"a\", \"b\"]}")
                .status()).isEqualTo(200);
    }

    @Test
    void aBodyThatStopsIs408AndItsConnectionCloses() throws Exception {
        try (RawHttp stopped = new RawHttp(port, READ)) {
            stopped.startPost("/softmax", 100).send("{\"logits\": ");
            String answer = stopped.untilClosed();
            assertThat(answer).startsWith("HTTP/1.1 408").contains("request-timeout", "nnmath.overload.body-idle-timeout");
        }
    }

    @Test
    void aBodyThatDripsBelowTheMinimumRateIs408() throws Exception {
        try (RawHttp drip = new RawHttp(port, READ)) {
            drip.startPost("/softmax", -1).chunk("{\"logits\": [");
            String answer = null;
            for (int i = 0; i < 20 && answer == null; i++) {
                Thread.sleep(200);
                try {
                    drip.chunk("1,");
                } catch (java.io.IOException closed) {
                    answer = drip.untilClosed();
                }
            }
            if (answer == null) {
                answer = drip.untilClosed();
            }
            assertThat(answer).startsWith("HTTP/1.1 408").contains("nnmath.overload.min-body-rate");
        }
    }

    @Test
    void aContentLengthOverTheLimitIs413AndTheConnectionClosesWithoutReadingTheBody() throws Exception {
        try (RawHttp big = new RawHttp(port, READ)) {
            big.startPost("/softmax", 33_554_433).send("{\"logits\": [1,");
            assertThat(big.untilClosed()).startsWith("HTTP/1.1 413").contains("nnmath.limits.max-body-size");
        }
    }

    @Test
    void everyOperationHasADeadline() {
        TestHttp http = new TestHttp(port);
        TestHttp.Answer rnn = http.post("/rnn/forward",
                "{\"layers\": [{\"weightIh\": [[0.5]], \"weightHh\": [[0.1]]}], \"inputs\": [[1], [2], [3]]}");
        TestHttp.Answer network = http.post("/network/forward",
                "{\"inputs\": [1, 2], \"layers\": [{\"weight\": [[1, 2]]}]}");
        for (TestHttp.Answer answer : new TestHttp.Answer[] {rnn, network}) {
            problem(answer, 503, "overloaded");
            assertThat(answer.headers().firstValue("Retry-After")).hasValue("2");
            assertThat(answer.json().path("detail").asString()).contains("nnmath.overload.compute-deadline");
        }
    }

    @Test
    void aClientThatHangsUpMidAnswerIsCountedAsADisconnectNotAsABug() throws Exception {
        double bugs = internalErrors();
        double before = registry.counter("nnmath.client.disconnects").count();
        String jacobian = "{\"logits\": [" + "0.5,".repeat(999) + "1]}";
        for (int i = 0; i < 3; i++) {
            try (RawHttp gone = new RawHttp(port, READ)) {
                gone.startPost("/gradient/softmax", jacobian.length()).send(jacobian);
                gone.read(100);
            }
        }
        for (int i = 0; i < 100 && registry.counter("nnmath.client.disconnects").count() < before + 3; i++) {
            Thread.sleep(50);
        }
        assertThat(registry.counter("nnmath.client.disconnects").count()).isEqualTo(before + 3);
        assertThat(internalErrors()).isEqualTo(bugs);
    }

    @Test
    void overGrpcTheSameAdmissionAnswersUnavailableAndResourceExhausted() throws Exception {
        try (OipGrpcClient grpc = new OipGrpcClient(grpcServer.getPort())) {
            // 16 MB of message, then 16 MB more as it is decoded: over the whole 24 MB budget while it
            // is read, which no retry would change.
            Map<String, OipClient.Tensor> big = Map.of("logits",
                    new OipClient.Tensor("FP64", new long[] {1, 1 << 21}, new double[1 << 21]));
            assertGrpc(() -> grpc.infer("softmax", big, null, null, true), Status.Code.RESOURCE_EXHAUSTED,
                    "nnmath.overload.memory-budget");
            // 3 x 1024^2 doubles of Jacobian: could never fit.
            Map<String, OipClient.Tensor> jacobian = Map.of("logits",
                    new OipClient.Tensor("FP64", new long[] {3, 1024}, new double[3 * 1024]));
            assertGrpc(() -> grpc.infer("softmax_gradient", jacobian, null, null, true),
                    Status.Code.RESOURCE_EXHAUSTED, "nnmath.overload.memory-budget");
            // past the compute deadline (0 s here)
            Map<String, OipClient.Tensor> rnn = new java.util.LinkedHashMap<>();
            rnn.put("input", new OipClient.Tensor("FP64", new long[] {3, 1, 1}, new double[] {1, 2, 3}));
            rnn.put("weight_ih_l0", new OipClient.Tensor("FP64", new long[] {1, 1}, new double[] {0.5}));
            rnn.put("weight_hh_l0", new OipClient.Tensor("FP64", new long[] {1, 1}, new double[] {0.1}));
            assertGrpc(() -> grpc.infer("rnn_forward", rnn, null, null, true), Status.Code.UNAVAILABLE,
                    "nnmath.overload.compute-deadline");
        }
        awaitHeld(-1);
    }

    private static void assertGrpc(Runnable call, Status.Code code, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).contains(message);
        });
    }

    private double internalErrors() {
        return registry.find("nnmath.problems").tag("type", "internal-error").counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    /** Waits (bounded) until the requests in progress hold at least {@code bytes}, or (-1) nothing. */
    private void awaitHeld(long bytes) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            long used = admission.budget().used();
            if (bytes < 0 ? used == 0 : used >= bytes) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the budget holds " + admission.budget().used() + " bytes, not "
                + (bytes < 0 ? "none" : "at least " + bytes));
    }
}
