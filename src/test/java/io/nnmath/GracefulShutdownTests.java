package io.nnmath;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.google.common.util.concurrent.ListenableFuture;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.nnmath.grpc.inference.GRPCInferenceServiceGrpc;
import io.nnmath.grpc.inference.ModelInferRequest;
import io.nnmath.grpc.inference.ModelInferResponse;
import io.nnmath.grpc.inference.ServerLiveRequest;
import io.nnmath.oip.OipGrpcClient;

import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Shutdown while slow requests are in flight (as on SIGTERM): readiness goes down first, the
 * requests in flight complete with 200, and a new connection is refused; over gRPC, the calls in
 * flight complete and a new call is UNAVAILABLE.
 */
class GracefulShutdownTests {

    static final int STEPS = 1800;   // three times the work it had: 600 steps ended within 400 ms on this machine

    /** An LSTM backward pass on the scalar kernels: 590 M multiply-adds, a second or more. */
    static String slowRequest() {
        SplittableRandom random = new SplittableRandom(5);
        int hidden = 128;
        int input = 32;
        StringBuilder json = new StringBuilder("{\"cell\": \"lstm\", \"layers\": [{\"weightIh\": ");
        matrix(json, random, 4 * hidden, input);
        json.append(", \"weightHh\": ");
        matrix(json, random, 4 * hidden, hidden);
        json.append("}], \"inputs\": [");
        for (int b = 0; b < 4; b++) {
            json.append(b == 0 ? "" : ",");
            matrix(json, random, STEPS, input);
        }
        json.append("], \"output\": {\"weight\": ");
        matrix(json, random, 3, hidden);
        json.append("}, \"targets\": [");
        for (int b = 0; b < 4; b++) {
            json.append(b == 0 ? "[" : ",[");
            for (int t = 0; t < STEPS; t++) {
                json.append(t == 0 ? "" : ",").append(random.nextInt(3));
            }
            json.append(']');
        }
        return json.append("]}").toString();
    }

    static void matrix(StringBuilder json, SplittableRandom random, int rows, int cols) {
        json.append('[');
        for (int r = 0; r < rows; r++) {
            json.append(r == 0 ? "[" : ",[");
            for (int c = 0; c < cols; c++) {
                json.append(c == 0 ? "" : ",").append(random.nextDouble(-0.1, 0.1));
            }
            json.append(']');
        }
        json.append(']');
    }

    @Test
    void inFlightRequestsCompleteWhileReadinessGoesDownAndNewConnectionsAreRefused() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        ConfigurableApplicationContext app = new SpringApplicationBuilder(NnMathApplication.class)
                .listeners((ApplicationListener<AvailabilityChangeEvent<?>>) e -> events.add(e.getState().toString()))
                .run("--server.port=0", "--management.server.port=0", "--nnmath.compute.kernel=scalar",
                        "--nnmath.limits.max-work=4000000000",
                        "--logging.level.root=WARN");
        int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
        URI uri = URI.create("http://localhost:" + port + "/rnn/backward");
        String body = slowRequest();
        HttpClient client = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            inFlight.add(client.sendAsync(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        Thread.sleep(400); // both requests are being computed
        assertThat(inFlight).as("the requests must still be in flight when shutdown begins")
                .noneMatch(CompletableFuture::isDone);
        CompletableFuture<Void> closing = CompletableFuture.runAsync(app::close);
        Thread.sleep(200);

        assertThat(events).contains(ReadinessState.REFUSING_TRAFFIC.toString());
        boolean refused;
        try {
            HttpResponse<String> late = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            refused = late.statusCode() == 503;
        } catch (IOException e) {
            refused = true; // the connector no longer accepts connections
        }
        assertThat(refused).as("a request after shutdown began must be refused").isTrue();
        for (CompletableFuture<HttpResponse<String>> request : inFlight) {
            HttpResponse<String> response = request.get(60, TimeUnit.SECONDS);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).contains("\"loss\"");
        }
        closing.get(60, TimeUnit.SECONDS);
    }

    @Test
    void inFlightGrpcCallsCompleteWhileNewCallsAreRefused() throws Exception {
        ConfigurableApplicationContext app = new SpringApplicationBuilder(NnMathApplication.class)
                .run("--server.port=0", "--management.server.port=0", "--spring.grpc.server.port=0",
                        "--nnmath.compute.kernel=scalar", "--logging.level.root=WARN");
        int port = app.getBean(GrpcServerLifecycle.class).getPort();
        try (OipGrpcClient client = new OipGrpcClient(port)) {
            ModelInferRequest slow = OipGrpcClient.slowRequest();
            var async = GRPCInferenceServiceGrpc.newFutureStub(client.channel());
            List<ListenableFuture<ModelInferResponse>> inFlight = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                inFlight.add(async.modelInfer(slow));
            }
            Thread.sleep(400); // both calls are being computed
            assertThat(inFlight).as("the calls must still be in flight when shutdown begins")
                    .noneMatch(java.util.concurrent.Future::isDone);
            CompletableFuture<Void> closing = CompletableFuture.runAsync(app::close);
            Thread.sleep(200);

            assertThatThrownBy(() -> client.stub().withDeadlineAfter(10, TimeUnit.SECONDS)
                    .serverLive(ServerLiveRequest.getDefaultInstance()))
                    .as("a call after shutdown began must be refused")
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
            for (ListenableFuture<ModelInferResponse> call : inFlight) {
                ModelInferResponse answer = call.get(60, TimeUnit.SECONDS);
                assertThat(answer.getOutputs(0).getName()).isEqualTo("loss");
                assertThat(OipGrpcClient.outputs(answer).get("loss").values()[0]).isPositive();
            }
            closing.get(60, TimeUnit.SECONDS);
        }
    }
}
