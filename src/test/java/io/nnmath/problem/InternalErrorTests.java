package io.nnmath.problem;

import java.net.http.HttpRequest;

import io.nnmath.SmallLimitsTest;
import io.nnmath.TestHttp;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.nnmath.ProblemAssertions.problem;
import static org.assertj.core.api.Assertions.assertThat;

/** A bug answers a generic 500: no message, class name or stack trace in the body, and it is counted. */
@SmallLimitsTest
class InternalErrorTests {

    static final String SECRET = SmallLimitsTest.FailingEndpoint.SECRET;

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Test
    void aBugIsAGeneric500ThatLeaksNothingAndIsCounted() {
        TestHttp.Answer answer = new TestHttp(port).post("/test/fail", "{}");
        problem(answer, 500, "internal-error");
        assertThat(answer.body()).doesNotContain(SECRET, "IllegalState", "FailingEndpoint", "trace");
        TestHttp management = new TestHttp(managementPort);
        String metrics = management.send(HttpRequest.newBuilder(management.uri("/actuator/prometheus")).GET()).body();
        assertThat(metrics).containsPattern("nnmath_problems_total\\{status=\"500\",type=\"internal-error\"\\} [1-9]");
    }
}
