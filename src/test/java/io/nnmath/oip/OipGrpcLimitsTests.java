package io.nnmath.oip;

import java.util.Map;

import io.grpc.Status;
import io.nnmath.SmallLimitsTest;

import org.junit.jupiter.api.Test;

import static io.nnmath.oip.OipGrpcProblemTests.assertStatus;

/**
 * The size limits over gRPC are RESOURCE_EXHAUSTED, with the REST detail: a message over
 * nnmath.limits.max-body-size (2 KB here, the gRPC server's inbound limit), more numbers than
 * nnmath.limits.max-numbers (100), more work than nnmath.limits.max-work (2,000).
 */
@SmallLimitsTest
class OipGrpcLimitsTests extends OverGrpc {

    static Map<String, OipClient.Tensor> logits(int rows, int cols) {
        return Map.of("logits", new OipClient.Tensor("FP64", new long[] {rows, cols}, new double[rows * cols]));
    }

    @Test
    void aMessageOverTheBodyLimitIsResourceExhausted() {
        assertStatus(() -> client.infer("softmax", logits(1, 300), null, null, true), Status.Code.RESOURCE_EXHAUSTED,
                "exceeds maximum");
    }

    @Test
    void moreNumbersThanTheLimitIsResourceExhaustedNamingIt() {
        assertStatus(() -> client.infer("softmax", logits(1, 101), null, null, true), Status.Code.RESOURCE_EXHAUSTED,
                "nnmath.limits.max-numbers");
    }

    @Test
    void moreWorkThanTheLimitIsResourceExhaustedNamingIt() {
        // 50 rows of 1 input through a 50-unit layer: 100 numbers, 2,500 multiply-adds.
        Map<String, OipClient.Tensor> network = new java.util.LinkedHashMap<>();
        network.put("input", new OipClient.Tensor("FP64", new long[] {50, 1}, new double[50]));
        network.put("weight_l0", new OipClient.Tensor("FP64", new long[] {50, 1}, new double[50]));
        assertStatus(() -> client.infer("network_forward", network, null, null, true), Status.Code.RESOURCE_EXHAUSTED,
                "nnmath.limits.max-work");
    }
}
