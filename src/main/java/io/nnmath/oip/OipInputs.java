package io.nnmath.oip;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.nnmath.problem.ProblemException;
import io.nnmath.problem.ProblemType;


/**
 * A decoded inference request as a model sees it: its input tensors by name, its parameters, and
 * which outputs the client asked for. Missing required inputs and parameters of the wrong type are
 * 400s that point into the request header.
 */
public final class OipInputs {

    private final String model;
    private final Map<String, OipTensor> tensors;
    private final Map<String, Object> parameters;
    private final Set<String> requested;

    OipInputs(String model, Map<String, OipTensor> tensors, Map<String, Object> parameters, Set<String> requested) {
        this.model = model;
        this.tensors = tensors;
        this.parameters = parameters;
        this.requested = requested;
    }

    /** The input named {@code name}, or a 400 saying it is required. */
    public OipTensor required(String name) {
        OipTensor t = tensors.get(name);
        if (t == null) {
            throw ProblemException.of(ProblemType.BAD_REQUEST, "/inputs", "has no input " + name + ", which model "
                    + model + " requires");
        }
        return t;
    }

    /** The input named {@code name}, or null. */
    public OipTensor optional(String name) {
        return tensors.get(name);
    }

    /** Exactly one of two inputs: the one sent, or a 400 naming both. */
    public OipTensor oneOf(String first, String second) {
        OipTensor a = tensors.get(first);
        OipTensor b = tensors.get(second);
        if (a != null && b != null) {
            throw ProblemException.of(ProblemType.BAD_REQUEST, b.at(), "cannot be sent with input " + first
                    + "; send one of them");
        }
        if (a == null && b == null) {
            throw ProblemException.of(ProblemType.BAD_REQUEST, "/inputs", "needs input " + first + " or " + second);
        }
        return a != null ? a : b;
    }

    /** The names of the inputs sent. */
    public Set<String> names() {
        return tensors.keySet();
    }

    /** Whether the client asked for output {@code name} (or for every default output). */
    public boolean requested(String name) {
        return requested == null || requested.contains(name);
    }

    /** Whether the client named output {@code name} itself: the way to ask for an optional one. */
    public boolean explicitlyRequested(String name) {
        return requested != null && requested.contains(name);
    }

    public Double number(String name) {
        return parameter(name, Number.class, "a number") instanceof Number n ? n.doubleValue() : null;
    }

    public Integer integer(String name) {
        Object value = parameter(name, Number.class, "an integer");
        if (value == null) {
            return null;
        }
        // A whole double counts too: clients send a Python float (3.0) as gRPC's double_param.
        double d = ((Number) value).doubleValue();
        boolean whole = value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Double && d == Math.rint(d);
        if (!whole || d != (int) d) {
            throw wrongType(name, "an integer within the 32-bit range");
        }
        return (int) d;
    }

    public String string(String name) {
        return (String) parameter(name, String.class, "a string");
    }

    public Boolean bool(String name) {
        return (Boolean) parameter(name, Boolean.class, "a boolean");
    }

    /** A 400 at the first input that is none of the model's. */
    void requireKnown(List<OipTensorSpec> inputs) {
        for (OipTensor t : tensors.values()) {
            if (inputs.stream().noneMatch(spec -> spec.matches(t.name()))) {
                throw ProblemException.of(ProblemType.BAD_REQUEST, t.at() + "/name", "is not an input of model "
                        + model + " ('" + ProblemException.prefix(t.name()) + "'); its inputs are listed at /v2/models/" + model);
            }
        }
    }

    private Object parameter(String name, Class<?> type, String what) {
        Object value = parameters.get(name);
        if (value != null && !type.isInstance(value)) {
            throw wrongType(name, what);
        }
        return value;
    }

    private static ProblemException wrongType(String name, String what) {
        return ProblemException.wrongType("/parameters/" + name, "must be " + what);
    }
}
