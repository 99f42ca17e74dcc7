package io.nnmath.oip;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * One operation as an Open Inference Protocol model: a thin adapter that turns decoded tensors and
 * parameters into the capability's own request, calls its service (where every value is checked
 * and computed, as for the JSON endpoint), and turns the answer into named output tensors.
 */
public interface OipModel {

    String name();

    List<OipTensorSpec> inputs();

    List<OipTensorSpec> outputs();

    /** The model's own parameters (OIP request parameters). */
    Set<String> parameters();

    OipOutputs infer(OipInputs in);

    /** A model of these inputs, outputs and parameters that answers with {@code infer}. */
    static OipModel of(String name, List<OipTensorSpec> inputs, List<OipTensorSpec> outputs, Set<String> parameters,
                       Function<OipInputs, OipOutputs> infer) {
        record Model(String name, List<OipTensorSpec> inputs, List<OipTensorSpec> outputs, Set<String> parameters,
                     Function<OipInputs, OipOutputs> answer) implements OipModel {
            @Override
            public OipOutputs infer(OipInputs in) {
                return answer.apply(in);
            }
        }
        return new Model(name, List.copyOf(inputs), List.copyOf(outputs), Set.copyOf(parameters), infer);
    }
}
