package io.nnmath.gradient;

import java.util.List;
import java.util.Set;

import io.nnmath.oip.OipModel;
import io.nnmath.oip.OipOutputs;
import io.nnmath.oip.OipTensor;
import io.nnmath.oip.OipTensorSpec;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code softmax_gradient} as an Open Inference Protocol model: {@code logits} of any rank (the last
 * axis) and, optionally, an {@code upstream} gradient of their shape; the probabilities and either
 * the Jacobian of every row ({@code [..., C, C]}) or the vector-Jacobian product.
 */
@Configuration(proxyBeanMethods = false)
class GradientModels {

    @Bean
    OipModel softmaxGradientModel(GradientService service) {
        return OipModel.of("softmax_gradient",
                List.of(OipTensorSpec.real("logits", -1, -1), OipTensorSpec.real("upstream", -1, -1)),
                List.of(OipTensorSpec.real("probabilities", -1, -1), OipTensorSpec.real("jacobian", -1, -1, -1),
                        OipTensorSpec.real("vector_jacobian_product", -1, -1)),
                Set.of("temperature"), in -> {
                OipTensor logits = in.required("logits");
                OipTensor upstream = in.optional("upstream");
                if (upstream != null) {
                    upstream.requireShapeOf(logits);
                }
                SoftmaxGradientResponse r = service.softmax(new SoftmaxGradientRequest(logits.matrix(),
                        in.number("temperature"), upstream == null ? null : upstream.matrix()));
                OipOutputs out = new OipOutputs().real("probabilities", r.probabilities().data(), logits.longShape());
                if (r.jacobian() != null) {
                    long[] shape = java.util.Arrays.copyOf(logits.longShape(), logits.rank() + 1);
                    shape[logits.rank()] = logits.last();
                    out.real("jacobian", r.jacobian().data(), shape);
                } else {
                    out.real("vector_jacobian_product", r.vectorJacobianProduct().data(), logits.longShape());
                }
                return out;
            });
    }
}
