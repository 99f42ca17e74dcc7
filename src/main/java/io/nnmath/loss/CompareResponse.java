package io.nnmath.loss;

/** For the target's probability p_y: -log p_y, (1 - p_y)^2 and their slopes; numbers for rank 1, arrays for rank 2. */
public record CompareResponse(Object crossEntropy, Object squaredError, Object crossEntropySlope,
                              Object squaredErrorSlope) {
}
