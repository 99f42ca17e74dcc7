package io.nnmath.oip;

import java.util.List;
import java.util.Set;

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
}
