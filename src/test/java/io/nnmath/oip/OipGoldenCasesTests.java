package io.nnmath.oip;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.nnmath.GoldenCase;
import io.nnmath.tensor.Tensor;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every reference case through the Open Inference Protocol, for every model and over both
 * transports: over REST, FP64 as JSON data and as binary tensors within the reference tolerance,
 * and FP32 both ways within float32's precision; over gRPC (the generated blocking stub), FP64 in
 * raw_input_contents and in the typed contents, and FP32 raw. Sequences go time-major in JSON
 * and typed contents and batch first in binary and raw, so both layouts are covered.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OipGoldenCasesTests {

    @LocalServerPort
    int port;

    @Autowired
    GrpcServerLifecycle grpc;

    static OipGrpcClient grpcClient;

    @AfterAll
    static void closeChannel() throws InterruptedException {
        if (grpcClient != null) {
            grpcClient.close();
        }
    }

    /** One way of sending a reference case: it answers the outputs by name, or fails. */
    private interface Transport {
        Map<String, OipClient.Tensor> infer(GoldenOip oip, boolean binary);
    }

    @Test
    void everyModelHasReferenceCases() {
        List<String> models = GoldenCase.all().stream().map(c -> GoldenOip.of(c, "FP64", false).model()).distinct()
                .sorted().toList();
        assertThat(models).containsExactly("cross_entropy", "log_softmax", "loss_compare", "network_forward",
                "rnn_backward", "rnn_forward", "softmax", "softmax_gradient", "squared_error");
    }

    @TestFactory
    Stream<DynamicTest> everyReferenceCaseMatchesPyTorchThroughOip() {
        OipClient client = new OipClient(port);
        Transport rest = (oip, binary) -> {
            OipClient.Answer answer = client.infer(oip.model(), oip.inputs(), oip.parameters(),
                    new ArrayList<>(oip.expected().keySet()), binary);
            assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
            return answer.outputs();
        };
        List<GoldenCase> cases = GoldenCase.all();
        assertThat(cases).hasSizeGreaterThan(100);
        return cases.stream().flatMap(c -> Stream.of(
                test("REST", rest, c, "FP64", false), test("REST", rest, c, "FP64", true),
                test("REST", rest, c, "FP32", false), test("REST", rest, c, "FP32", true)));
    }

    @TestFactory
    Stream<DynamicTest> everyReferenceCaseMatchesPyTorchThroughOipOverGrpc() {
        grpcClient = grpcClient != null ? grpcClient : new OipGrpcClient(grpc.getPort());
        OipGrpcClient client = grpcClient;
        Transport overGrpc = (oip, raw) -> client.infer(oip.model(), oip.inputs(), oip.parameters(),
                new ArrayList<>(oip.expected().keySet()), raw);
        List<GoldenCase> cases = GoldenCase.all();
        assertThat(cases).hasSizeGreaterThan(100);
        return cases.stream().flatMap(c -> Stream.of(
                test("gRPC", overGrpc, c, "FP64", true), test("gRPC", overGrpc, c, "FP64", false),
                test("gRPC", overGrpc, c, "FP32", true)));
    }

    private DynamicTest test(String protocol, Transport transport, GoldenCase c, String real, boolean binary) {
        String encoding = protocol.equals("REST") ? (binary ? "binary" : "JSON") : (binary ? "raw" : "contents");
        return DynamicTest.dynamicTest(c + " (" + protocol + ", " + real + ", " + encoding + ")", () -> {
            GoldenOip oip = GoldenOip.of(c, real, binary);
            boolean fp32 = real.equals("FP32");
            if (fp32 && !representableInFloat(oip)) {
                return; // inputs beyond float32's range or precision: FP32 cannot state this case
            }
            assertThat(oip.mismatches(transport.infer(oip, binary), real)).isEmpty();
        });
    }

    /** Whether every real input survives rounding to float32 closely enough to compare at its precision. */
    private static boolean representableInFloat(GoldenOip oip) {
        for (OipClient.Tensor t : oip.inputs().values()) {
            if (t.datatype().startsWith("FP")) {
                for (double v : t.values()) {
                    if (v != 0 && (Math.abs(v) > 1e30 || Math.abs(v) < 1e-30)) {
                        return false;
                    }
                }
            }
        }
        for (double[] values : oip.expected().values()) {
            for (double v : values) {
                if (Double.isFinite(v) && v != 0 && (Math.abs(v) > 1e30 || Math.abs(v) < 1e-30)) {
                    return false;
                }
            }
        }
        return true;
    }
}
