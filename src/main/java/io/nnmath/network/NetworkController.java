package io.nnmath.network;

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
@Tag(name = "network", description = "A dense feed-forward network with multiple inputs and outputs")
class NetworkController {

    private final NetworkService service;

    NetworkController(NetworkService service) {
        this.service = service;
    }

    @Operation(summary = "Dense network forward pass, with optional softmax and argmax",
            description = "Each layer computes activation(W x + b). The Iris network takes two measurements (petal "
                    + "and sepal width) and gives one raw score per species (Setosa, Versicolor, Virginica); softmax "
                    + "turns the scores into probabilities and argmax names the prediction.")
    @PostMapping(path = "/network/forward", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    NetworkResponse forward(@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json", examples = {
            @ExampleObject(name = "1-iris", summary = "The Iris network: two widths in, three species out", value = Examples.IRIS_NETWORK)}))
            @RequestBody NetworkRequest request) {
        return service.forward(request);
    }
}
