package io.nnmath.softmax;

import java.util.List;
import java.util.Set;

import io.nnmath.oip.OipInputs;
import io.nnmath.oip.OipModel;
import io.nnmath.oip.OipOutputs;
import io.nnmath.oip.OipTensor;
import io.nnmath.oip.OipTensorSpec;
import io.nnmath.tensor.Tensor;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code softmax} and {@code log_softmax} as Open Inference Protocol models: {@code logits} of any
 * rank (the last axis), the parameter {@code temperature}; the probabilities (or their logs) in the
 * logits' shape and the argmax of every row.
 */
@Configuration(proxyBeanMethods = false)
class SoftmaxModels {

    @Bean
    OipModel softmaxModel(SoftmaxService service) {
        return model("softmax", "probabilities", in -> {
            SoftmaxResponse r = service.softmax(request(in));
            return outputs(in, "probabilities", r.probabilities(), r.argmax());
        });
    }

    @Bean
    OipModel logSoftmaxModel(SoftmaxService service) {
        return model("log_softmax", "log_probabilities", in -> {
            LogSoftmaxResponse r = service.logSoftmax(request(in));
            return outputs(in, "log_probabilities", r.logProbabilities(), r.argmax());
        });
    }

    private static OipModel model(String name, String values, java.util.function.Function<OipInputs, OipOutputs> infer) {
        return OipModel.of(name, List.of(OipTensorSpec.real("logits", -1, -1)),
                List.of(OipTensorSpec.real(values, -1, -1), OipTensorSpec.int64("argmax", -1)), Set.of("temperature"),
                infer);
    }

    private static SoftmaxRequest request(OipInputs in) {
        return new SoftmaxRequest(in.required("logits").matrix(), in.number("temperature"), null);
    }

    /** The values in the logits' shape, and one argmax per row (the leading axes; [1] for a vector). */
    private static OipOutputs outputs(OipInputs in, String name, Tensor values, Object argmax) {
        OipTensor logits = in.required("logits");
        return new OipOutputs().real(name, values.data(), logits.longShape())
                .indices("argmax", (int[]) argmax, logits.leading());
    }
}
