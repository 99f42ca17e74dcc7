package io.nnmath.oip;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.nnmath.problem.FiniteAnswers;
import io.nnmath.problem.ProblemException;
import io.nnmath.problem.ProblemType;
import io.nnmath.system.ComputeGate;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.info.BuildProperties;
import org.springframework.stereotype.Component;

/**
 * The Open Inference Protocol's one data plane, which every transport's adapter calls (REST in
 * {@link OipController}, gRPC in {@link OipGrpcService}): the models, server metadata and readiness,
 * and inference from decoded tensors to the outputs as they are sent, rounded to their datatype and
 * checked finite. The adapters only decode and encode.
 */
@Component
class OipDataPlane {

    /** Parameters of the protocol itself, which no model sees. */
    static final Set<String> PROTOCOL_PARAMETERS = Set.of("binary_data_output", "binary_data_size", "binary_data",
            "priority", "timeout", "sequence_id", "sequence_start", "sequence_end");

    static final String SERVER = "nnmath";
    static final List<String> EXTENSIONS = List.of("binary_tensor_data");

    private final Map<String, OipModel> models;
    private final ApplicationAvailability availability;
    private final FiniteAnswers finite;
    private final String version;

    OipDataPlane(List<OipModel> models, ApplicationAvailability availability, FiniteAnswers finite,
                 ObjectProvider<BuildProperties> build) {
        this.models = models.stream().collect(Collectors.toMap(OipModel::name, Function.identity(), (a, b) -> a,
                TreeMap::new));
        this.availability = availability;
        this.finite = finite;
        BuildProperties properties = build.getIfAvailable();
        this.version = properties == null ? "unknown" : properties.getVersion();
    }

    String version() {
        return version;
    }

    boolean ready() {
        return availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC;
    }

    /** The model named {@code name} (any version but "1" is unknown), or a 404 listing the models. */
    OipModel find(String name, String version) {
        OipModel m = models.get(name);
        if (m == null || version != null && !version.isEmpty() && !version.equals("1")) {
            throw new ProblemException(ProblemType.NOT_FOUND, m == null
                    ? "no model is named '" + ProblemException.prefix(name) + "'; the models are "
                            + String.join(", ", models.keySet())
                    : "model " + name + " has only version 1", List.of());
        }
        return m;
    }

    /** One output as sent: its datatype, and its values rounded to it and checked finite. */
    record Sent(String name, Datatype type, long[] shape, double[] values) {
    }

    /**
     * Runs model {@code m} on the decoded {@code tensors} of {@code header}, its computations counted
     * under {@code protocol}; answers the outputs the client asked for, in its order, or all the
     * model gave. Real outputs take the datatype of the model's main real input (FP32 in, FP32 out).
     */
    List<Sent> infer(String protocol, OipModel m, InferRequest header, Map<String, OipTensor> tensors) {
        Map<String, Object> parameters = parameters(header, m);
        Set<String> requested = requested(header, m);
        OipInputs in = new OipInputs(m.name(), tensors, parameters, requested);
        in.requireKnown(m.inputs());
        OipOutputs out;
        try {
            out = ComputeGate.forProtocol(protocol, () -> m.infer(in));
        } catch (ProblemException e) {
            throw OipPointers.translate(e, m, in);
        }
        Datatype real = realType(m, tensors);
        List<Sent> sent = new ArrayList<>();
        for (OipOutputs.Output o : selected(m, out, requested)) {
            Datatype type = o.integers() ? Datatype.INT64 : real;
            double[] values = o.values();
            if (type == Datatype.FP32) {
                for (int k = 0; k < values.length; k++) {
                    values[k] = (float) values[k];
                }
            }
            finite.requireFinite(values, "/outputs/" + sent.size() + "/data", o.name());
            sent.add(new Sent(o.name(), type, o.shape(), values));
        }
        return sent;
    }

    /** The datatype of the model's main real input: the first of its real inputs that was sent. */
    private static Datatype realType(OipModel m, Map<String, OipTensor> tensors) {
        for (OipTensorSpec spec : m.inputs()) {
            for (OipTensor t : tensors.values()) {
                if (spec.matches(t.name()) && t.datatype().real()) {
                    return t.datatype();
                }
            }
        }
        return Datatype.FP64;
    }

    /**
     * The outputs the client asked for, in its order, or all the model gave; a 400 for one this
     * request does not give, which the model has for other inputs or parameters (the Jacobian or the
     * vector-Jacobian product, c_n of an LSTM, the gradient of a layer the network lacks).
     */
    private static List<OipOutputs.Output> selected(OipModel m, OipOutputs outputs, Set<String> requested) {
        if (requested == null) {
            return outputs.all();
        }
        List<String> order = new ArrayList<>(requested);
        List<String> given = outputs.all().stream().map(OipOutputs.Output::name).toList();
        for (int i = 0; i < order.size(); i++) {
            if (!given.contains(order.get(i))) {
                throw OipCodec.bad("/outputs/" + i + "/name", "is an output of model " + m.name() + " that this "
                        + "request does not give: with these inputs and parameters it gives " + given + "; ask for "
                        + "those, or send the inputs and parameters that give " + ProblemException.prefix(order.get(i)));
            }
        }
        return outputs.all().stream().filter(o -> requested.contains(o.name()))
                .sorted(Comparator.comparingInt(o -> order.indexOf(o.name()))).toList();
    }

    /** The outputs the client asked for, in its order, or null for every default one; a 400 for a name the model lacks. */
    static Set<String> requested(InferRequest header, OipModel model) {
        if (header.outputs() == null || header.outputs().isEmpty()) {
            return null;
        }
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < header.outputs().size(); i++) {
            InferRequest.Output out = header.outputs().get(i);
            String at = "/outputs/" + i + "/name";
            if (out == null || out.name() == null || out.name().isEmpty()) {
                throw OipCodec.bad(at, "is required");
            }
            if (model.outputs().stream().noneMatch(spec -> spec.matches(out.name()))) {
                throw OipCodec.bad(at, "is not an output of model " + model.name() + " ('"
                        + ProblemException.prefix(out.name()) + "'); its outputs are listed at /v2/models/" + model.name());
            }
            if (!names.add(out.name())) {
                throw OipCodec.bad(at, "repeats output " + ProblemException.prefix(out.name()));
            }
            if (out.parameters() != null) {
                for (String p : new TreeSet<>(out.parameters().keySet())) {
                    if (!p.equals("binary_data")) {
                        throw ProblemException.wrongType("/outputs/" + i + "/parameters/" + ProblemException.prefix(p),
                                "is not a parameter of an output: outputs take only binary_data (Triton's "
                                        + "classification and other extensions are not served); remove it");
                    }
                }
            }
        }
        return names;
    }

    /**
     * The model's parameters: the request's, and those its inputs carry (as OIP allows), after a
     * 400 for a name that is neither the model's nor the protocol's, or one given two values.
     */
    static Map<String, Object> parameters(InferRequest header, OipModel model) {
        Map<String, Object> merged = new LinkedHashMap<>();
        add(merged, header.parameters(), "/parameters", model);
        for (int i = 0; i < header.inputs().size(); i++) {
            add(merged, header.inputs().get(i).parameters(), "/inputs/" + i + "/parameters", model);
        }
        return merged;
    }

    private static void add(Map<String, Object> merged, Map<String, Object> parameters, String at, OipModel model) {
        if (parameters == null) {
            return;
        }
        Set<String> known = new HashSet<>(model.parameters());
        for (Map.Entry<String, Object> p : parameters.entrySet()) {
            String name = p.getKey();
            if (PROTOCOL_PARAMETERS.contains(name)) {
                continue;
            }
            if (!known.contains(name)) {
                throw ProblemException.wrongType(at + "/" + ProblemException.prefix(name), "is not a parameter of model "
                        + model.name() + "; its parameters are " + String.join(", ", new TreeSet<>(known)));
            }
            Object before = merged.put(name, p.getValue());
            if (before != null && !before.equals(p.getValue())) {
                throw OipCodec.bad(at + "/" + name, "gives " + name + " a second value; send each parameter once");
            }
        }
    }
}
