package io.nnmath.rnn;

import io.nnmath.system.Examples;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "rnn", description = "Recurrent networks: a hidden state carried through sequences of any length")
class RnnController {

    private final RnnService service;

    RnnController(RnnService service) {
        this.service = service;
    }

    @Operation(summary = "RNN, LSTM or GRU forward pass over a batch of sequences of any lengths",
            description = "h_t = f(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh): the same weights at every step, so inputs "
                    + "can have any length (\"Hi\" is 2 steps, \"What's up man?\" is 4). PyTorch's nn.RNN / nn.LSTM / "
                    + "nn.GRU semantics and weight layout, so a state_dict maps field by field (LSTM gates i, f, g, o; "
                    + "GRU r, z, n). Final states are each sequence's own last step. Plain RNNs struggle to remember "
                    + "far back and their gradients vanish or explode over long sequences; LSTMs and GRUs were made "
                    + "for that.")
    @PostMapping(path = "/rnn/forward", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    RnnForwardResponse forward(@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", examples = {
            @ExampleObject(name = "1-sentences", summary = "\"Hi\" (2 steps) and \"What's up man?\" (4 steps) in one batch", value = Examples.SENTENCES)}))
            @RequestBody RnnForwardRequest request) {
        return service.forward(request);
    }

    @Operation(summary = "Backpropagation through time, with the gradient norm at every step",
            description = "Loss: cross-entropy of the outputs at every step against targets (mean over all steps, or "
                    + "sum). Answers the gradient of every parameter in the request's layout, of the inputs and the "
                    + "initial states, and hiddenGradientNorms: |dLoss/dh_t| of the last layer at every step, counting "
                    + "every path through later steps. On a long tanh sequence the norms fall off towards the start: "
                    + "the vanishing gradient.")
    @PostMapping(path = "/rnn/backward", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    RnnBackwardResponse backward(@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", examples = {
            @ExampleObject(name = "1-bptt", summary = "Six steps of a tanh RNN with a target per step", value = Examples.BPTT)}))
            @RequestBody RnnBackwardRequest request) {
        return service.backward(request);
    }
}
