package io.nnmath.system;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The operation tags of the meters are the contract's (API.md, "Operations"), in its order. */
class OperationTests {

    @Test
    void tagsAreTheContractsNames() {
        assertThat(Arrays.stream(Operation.values()).map(Operation::tag)).containsExactly("softmax", "log-softmax",
                "cross-entropy", "squared-error", "compare", "softmax-gradient", "cross-entropy-gradient",
                "rnn-forward", "rnn-backward", "network-forward");
    }
}
