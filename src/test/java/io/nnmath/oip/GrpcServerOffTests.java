package io.nnmath.oip;

import io.nnmath.TestHttp;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

import static org.assertj.core.api.Assertions.assertThat;

/** With the gRPC server off (spring.grpc.server.enabled=false) the service starts and serves HTTP as before. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.grpc.server.enabled=false")
class GrpcServerOffTests {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Test
    void theServiceStartsWithoutAGrpcServerAndAnswersOverHttp() {
        assertThat(context.getBeanNamesForType(GrpcServerLifecycle.class)).isEmpty();
        TestHttp http = new TestHttp(port);
        assertThat(http.post("/softmax", "{\"logits\": [1.43, -0.4, 0.23]}").status()).isEqualTo(200);
        assertThat(http.post("/v2/models/softmax/infer", "{\"inputs\": [{\"name\": \"logits\", \"shape\": [1, 3], "
                + "\"datatype\": \"FP64\", \"data\": [1.43, -0.4, 0.23]}]}").status()).isEqualTo(200);
    }
}
