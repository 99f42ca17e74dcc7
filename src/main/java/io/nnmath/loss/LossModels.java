package io.nnmath.loss;

import java.util.List;
import java.util.Set;

import io.nnmath.compute.CrossEntropy;
import io.nnmath.oip.OipInputs;
import io.nnmath.system.Operation;
import io.nnmath.oip.OipModel;
import io.nnmath.oip.OipOutputs;
import io.nnmath.oip.OipTensor;
import io.nnmath.oip.OipTensorSpec;
import io.nnmath.tensor.IndexArray;
import io.nnmath.tensor.NumberArray;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code cross_entropy}, {@code squared_error} and {@code loss_compare} as Open Inference Protocol
 * models, with the JSON endpoints' semantics: inputs {@code [N, C]} (or one row {@code [C]}),
 * index targets {@code [N]}, the options as parameters.
 */
@Configuration(proxyBeanMethods = false)
class LossModels {

    @Bean
    OipModel crossEntropyModel(LossService service) {
        return OipModel.of("cross_entropy",
                List.of(OipTensorSpec.real("logits", -1, -1), OipTensorSpec.real("probabilities", -1, -1),
                        OipTensorSpec.int64("target", -1), OipTensorSpec.real("target_probabilities", -1, -1),
                        OipTensorSpec.real("weight", -1)),
                List.of(OipTensorSpec.real("losses", -1), OipTensorSpec.real("loss", 1),
                        OipTensorSpec.real("gradient", -1, -1)),
                Set.of("reduction", "label_smoothing", "ignore_index"), in -> {
                OipTensor x = rows(in.oneOf("logits", "probabilities"));
                in.oneOf("target", "target_probabilities");
                NumberArray input = x.matrix();
                boolean logits = x.name().equals("logits");
                CrossEntropyRequest request = new CrossEntropyRequest(logits ? input : null, logits ? null : input,
                        target(in), softTarget(in, x), weight(in), in.number("label_smoothing"),
                        in.integer("ignore_index"), in.string("reduction"));
                boolean gradient = in.explicitlyRequested("gradient");
                CrossEntropy.Result r = service.crossEntropy(LossInputs.crossEntropy(request), gradient,
                        gradient ? Operation.CROSS_ENTROPY_GRADIENT : Operation.CROSS_ENTROPY);
                OipOutputs out = new OipOutputs().real("losses", r.losses(), r.losses().length);
                Double loss = LossService.reduced(r.loss());
                if (loss != null) {
                    out.real("loss", new double[] {loss}, 1);
                }
                if (gradient) {
                    out.real("gradient", r.gradient().data(), x.longShape());
                }
                return out;
            });
    }

    @Bean
    OipModel squaredErrorModel(LossService service) {
        return OipModel.of("squared_error",
                List.of(OipTensorSpec.real("probabilities", -1, -1), OipTensorSpec.int64("target", -1),
                        OipTensorSpec.real("target_probabilities", -1, -1)),
                List.of(OipTensorSpec.real("losses", -1), OipTensorSpec.real("loss", 1),
                        OipTensorSpec.real("residuals", -1, -1)),
                Set.of("reduction"), in -> {
                OipTensor p = rows(in.required("probabilities"));
                in.oneOf("target", "target_probabilities");
                SquaredErrorResponse r = service.squaredError(new SquaredErrorRequest(p.matrix(), target(in),
                        softTarget(in, p), in.string("reduction")));
                OipOutputs out = new OipOutputs().real("losses", r.losses(), r.losses().length);
                if (r.loss() != null) {
                    out.real("loss", new double[] {r.loss()}, 1);
                }
                return out.real("residuals", r.residuals().data(), p.longShape());
            });
    }

    @Bean
    OipModel lossCompareModel(LossService service) {
        return OipModel.of("loss_compare",
                List.of(OipTensorSpec.real("probabilities", -1, -1), OipTensorSpec.int64("target", -1)),
                List.of(OipTensorSpec.real("cross_entropy", -1), OipTensorSpec.real("squared_error", -1),
                        OipTensorSpec.real("cross_entropy_slope", -1), OipTensorSpec.real("squared_error_slope", -1)),
                Set.of(), in -> {
                OipTensor p = rows(in.required("probabilities"));
                in.required("target");
                CompareResponse r = service.compare(new CompareRequest(p.matrix(), target(in)));
                double[] ce = (double[]) r.crossEntropy();
                return new OipOutputs().real("cross_entropy", ce, ce.length)
                        .real("squared_error", (double[]) r.squaredError(), ce.length)
                        .real("cross_entropy_slope", (double[]) r.crossEntropySlope(), ce.length)
                        .real("squared_error_slope", (double[]) r.squaredErrorSlope(), ce.length);
            });
    }

    /**
     * The input of a loss, {@code [N, C]} or one row {@code [C]}: a 400 for another rank, whose
     * meaning would not be PyTorch's (its losses take the classes on axis 1 of {@code [N, C, d...]}).
     */
    private static OipTensor rows(OipTensor input) {
        input.requireRank(1, 2);
        return input;
    }

    /** Index targets, one per row of the input ({@code [N]}, or {@code []} for one row), as a vector. */
    private static IndexArray target(OipInputs in) {
        OipTensor t = in.optional("target");
        if (t == null) {
            return null;
        }
        t.requireRank(0, 1);
        return t.indices(t.data().length);
    }

    /** Soft targets, of the input's shape. */
    private static NumberArray softTarget(OipInputs in, OipTensor input) {
        OipTensor t = in.optional("target_probabilities");
        if (t == null) {
            return null;
        }
        t.requireShapeOf(input);
        return t.matrix();
    }

    private static NumberArray weight(OipInputs in) {
        OipTensor w = in.optional("weight");
        if (w == null) {
            return null;
        }
        w.requireRank(1);
        return w.numbers();
    }
}
