package io.nnmath.web;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import io.nnmath.TestHttp;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.nnmath.ProblemAssertions.problem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With one place in the bulkhead, a request whose body is still arriving holds it: another request
 * is answered 503 with Retry-After after the short wait, and the service answers again once the
 * place is free.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "nnmath.overload.places=1", "nnmath.overload.max-wait=100ms", "nnmath.overload.retry-after=2s",
        "nnmath.overload.compute-deadline=0s"})
class OverloadTests {

    static final String IRIS = "{\"logits\": [1.43, -0.4, 0.23]}";

    @LocalServerPort
    int port;

    @Test
    void aFullBulkheadAnswers503WithRetryAfterAndRecovers() throws Exception {
        TestHttp http = new TestHttp(port);
        assertThat(http.post("/softmax", IRIS).status()).isEqualTo(200);
        try (Socket slow = new Socket("localhost", port)) {
            OutputStream out = slow.getOutputStream();
            byte[] body = IRIS.getBytes(StandardCharsets.US_ASCII);
            out.write(("POST /softmax HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, 5); // the rest later: the request holds the only place meanwhile
            out.flush();
            TestHttp.Answer shed = awaitShed(http);
            problem(shed, 503, "overloaded");
            assertThat(shed.headers().firstValue("Retry-After")).hasValue("2");
            out.write(body, 5, body.length - 5);
            out.flush();
            String answer = new String(slow.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(answer).isEqualTo("HTTP/1.1 200");
        }
        assertThat(http.post("/softmax", IRIS).status()).isEqualTo(200);
    }

    @Test
    void aComputationPastItsDeadlineIsA503WithRetryAfter() {
        String rnn = "{\"layers\": [{\"weightIh\": [[0.5]], \"weightHh\": [[0.1]]}], \"inputs\": [[1], [2], [3]]}";
        TestHttp.Answer answer = new TestHttp(port).post("/rnn/forward", rnn);
        problem(answer, 503, "overloaded");
        assertThat(answer.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(answer.json().path("detail").asString()).contains("nnmath.overload.compute-deadline");
    }

    /** The slow request may take a moment to reach the bulkhead: retry until one is shed (bounded). */
    private TestHttp.Answer awaitShed(TestHttp http) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            TestHttp.Answer answer = http.post("/softmax", IRIS);
            if (answer.status() == 503) {
                return answer;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no request was shed while the only place was held");
    }
}
