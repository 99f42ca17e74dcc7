package io.nnmath.system;

import io.nnmath.compute.CrossEntropy;
import io.nnmath.compute.DenseNetwork;
import io.nnmath.compute.KernelChoice;
import io.nnmath.compute.Kernels;
import io.nnmath.compute.Recurrent;
import io.nnmath.compute.Softmax;
import io.nnmath.compute.SoftmaxGradient;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Chooses the kernels once, at start-up, and says which in the log. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({Limits.class, OverloadProperties.class, WarmUpProperties.class,
        ComputeConfiguration.ComputeProperties.class})
class ComputeConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ComputeConfiguration.class);

    /** @param kernel {@code auto} (vector when the JVM has jdk.incubator.vector), {@code vector} or {@code scalar} */
    @ConfigurationProperties("nnmath.compute")
    record ComputeProperties(@DefaultValue("auto") KernelChoice kernel) {
    }

    @Bean
    Kernels kernels(ComputeProperties properties) {
        Kernels kernels = properties.kernel().kernels();
        if (kernels.name().equals("vector")) {
            log.info("Compute kernels: {}", kernels);
        } else if (KernelChoice.vectorModulePresent()) {
            log.info("Compute kernels: scalar (nnmath.compute.kernel=scalar)");
        } else {
            log.warn("Compute kernels: scalar, because the JVM lacks jdk.incubator.vector; "
                    + "start it with --add-modules jdk.incubator.vector for the SIMD kernels");
        }
        return kernels;
    }

    @Bean
    Softmax softmax(Kernels kernels) {
        return new Softmax(kernels);
    }

    @Bean
    CrossEntropy crossEntropy(Kernels kernels) {
        return new CrossEntropy(kernels);
    }

    @Bean
    Recurrent recurrent(Kernels kernels, OverloadProperties overload) {
        return new Recurrent(kernels, overload.computeDeadline().toNanos());
    }

    @Bean
    DenseNetwork denseNetwork(Kernels kernels, OverloadProperties overload) {
        return new DenseNetwork(kernels, overload.computeDeadline().toNanos());
    }

    @Bean
    SoftmaxGradient softmaxGradient(Softmax softmax) {
        return new SoftmaxGradient(softmax);
    }
}
