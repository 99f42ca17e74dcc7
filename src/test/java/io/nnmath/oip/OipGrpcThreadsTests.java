package io.nnmath.oip;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.google.common.util.concurrent.ListenableFuture;

import io.nnmath.grpc.inference.GRPCInferenceServiceGrpc;
import io.nnmath.grpc.inference.ModelInferResponse;
import io.nnmath.grpc.inference.ServerLiveRequest;
import io.nnmath.grpc.inference.ServerReadyRequest;
import io.nnmath.system.Admission;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Where gRPC calls run: the server's event loops answer small requests themselves, and a call
 * whose computation must wait (for memory, here) or is not small moves to a thread of its own, so
 * that it never holds up the other calls on its connection, and is still answered in full.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "nnmath.overload.memory-budget=24MB", "nnmath.overload.max-wait=60s"})
class OipGrpcThreadsTests extends OverGrpc {

    @Autowired
    Admission admission;

    @Test
    void aCallWaitingForMemoryHoldsUpNoOtherCallOnItsConnectionAndIsAnsweredOnceThereIsRoom() throws Exception {
        // All of the budget but the 64 KB a small message takes as it arrives: the Iris call's
        // message is charged, and its computation then finds no room and must wait (up to 60 s).
        Admission.Reservation hold = admission.open();
        ListenableFuture<ModelInferResponse> waiting;
        try {
            hold.admit(admission.budget().capacity() - 64 * 1024);
            waiting = GRPCInferenceServiceGrpc.newFutureStub(client.channel())
                    .modelInfer(OipGrpcClient.request("softmax", OipGrpcProblemTests.IRIS, null, null, true));
            for (int i = 0; i < 20; i++) {   // the same connection, so the same event loop
                assertThat(client.stub().serverLive(ServerLiveRequest.getDefaultInstance()).getLive()).isTrue();
                assertThat(client.stub().serverReady(ServerReadyRequest.getDefaultInstance()).getReady()).isTrue();
            }
            assertThat(waiting.isDone()).as("the Iris call cannot be answered while the budget is held").isFalse();
        } finally {
            hold.close();
        }
        double[] p = OipGrpcClient.outputs(waiting.get(30, TimeUnit.SECONDS)).get("probabilities").values();
        double[] z = {1.43, -0.4, 0.23};
        double sum = Math.exp(z[0]) + Math.exp(z[1]) + Math.exp(z[2]);
        for (int i = 0; i < z.length; i++) {
            assertThat(p[i]).isCloseTo(Math.exp(z[i]) / sum, within(1e-15));
        }
    }

    @Test
    void aSmallMessageWithALargeAnswerIsAnsweredInFull() {
        // 400 logits (3.2 KB) whose Jacobian is 160,000 numbers (1.3 MB): more than a transport
        // thread encodes, so the call moves.
        int n = 400;
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = Math.sin(i) * 3;
        }
        Map<String, OipClient.Tensor> out = client.infer("softmax_gradient",
                Map.of("logits", new OipClient.Tensor("FP64", new long[] {1, n}, z)), null, null, true);
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : z) {
            sum += Math.exp(v - max);
        }
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = Math.exp(z[i] - max) / sum;
        }
        OipClient.Tensor jacobian = out.get("jacobian");
        assertThat(jacobian.shape()).containsExactly(1, n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double expected = p[i] * ((i == j ? 1 : 0) - p[j]);
                assertThat(jacobian.values()[i * n + j]).as("J[%d][%d]", i, j).isCloseTo(expected, within(1e-12));
            }
        }
    }
}
