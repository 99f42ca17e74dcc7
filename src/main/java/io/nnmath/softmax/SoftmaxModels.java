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

    static final List<OipTensorSpec> INPUTS = List.of(OipTensorSpec.real("logits", -1, -1));

    @Bean
    OipModel softmaxModel(SoftmaxService service) {
        return new Model("softmax", "probabilities", service, false);
    }

    @Bean
    OipModel logSoftmaxModel(SoftmaxService service) {
        return new Model("log_softmax", "log_probabilities", service, true);
    }

    private record Model(String name, String values, SoftmaxService service, boolean log) implements OipModel {

        @Override
        public List<OipTensorSpec> inputs() {
            return INPUTS;
        }

        @Override
        public List<OipTensorSpec> outputs() {
            return List.of(OipTensorSpec.real(values, -1, -1), OipTensorSpec.int64("argmax", -1));
        }

        @Override
        public Set<String> parameters() {
            return Set.of("temperature");
        }

        @Override
        public OipOutputs infer(OipInputs in) {
            OipTensor logits = in.required("logits");
            SoftmaxRequest request = new SoftmaxRequest(logits.matrix(), in.number("temperature"), null);
            Tensor result;
            Object argmax;
            if (log) {
                LogSoftmaxResponse r = service.logSoftmax(request);
                result = r.logProbabilities();
                argmax = r.argmax();
            } else {
                SoftmaxResponse r = service.softmax(request);
                result = r.probabilities();
                argmax = r.argmax();
            }
            return new OipOutputs().real(values, result.data(), logits.longShape())
                    .indices("argmax", (int[]) argmax, logits.leading());
        }
    }
}
