package io.nnmath.rnn;

import io.nnmath.tensor.NumberArray;
import io.swagger.v3.oas.annotations.media.Schema;

/** One stacked layer in PyTorch's layout (a state_dict's weight_ih_l{k}, weight_hh_l{k}, bias_ih_l{k}, bias_hh_l{k}). */
public record RnnLayer(
        @Schema(description = "[G*H][I] (I: input size for layer 0, H for later layers); G = 1 rnn, 4 lstm (i f g o), 3 gru (r z n)",
                requiredMode = Schema.RequiredMode.REQUIRED)
        NumberArray weightIh,
        @Schema(description = "[G*H][H]", requiredMode = Schema.RequiredMode.REQUIRED)
        NumberArray weightHh,
        @Schema(description = "[G*H], default zeros")
        NumberArray biasIh,
        @Schema(description = "[G*H], default zeros")
        NumberArray biasHh) {
}
