package io.nnmath.system;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Size limits of one request ({@code nnmath.limits.*}); a request over one is answered 413 before
 * the work is done.
 *
 * @param maxBodySize      request body bytes, with or without Content-Length
 * @param maxNumbers       numbers in one request, over all its tensors
 * @param maxNestingDepth  JSON nesting depth (deeper is a 400)
 * @param maxNumberLength  characters in one number literal (longer is a 400)
 * @param maxJacobianClasses classes per row for a full softmax Jacobian (its rows x classes^2
 *                         numbers must also fit in maxNumbers)
 * @param maxSequenceLength steps in one recurrent sequence
 * @param maxHiddenSize    hidden size of a recurrent layer
 * @param maxLayers        stacked recurrent or dense layers
 * @param maxWork          multiply-adds (or element operations) of one computation, any operation
 */
@Validated
@ConfigurationProperties("nnmath.limits")
public record Limits(
        @DefaultValue("32MB") DataSize maxBodySize,
        @DefaultValue("4194304") @Positive int maxNumbers,
        @DefaultValue("32") @Min(4) @Max(1000) int maxNestingDepth,
        @DefaultValue("100") @Min(24) @Max(10000) int maxNumberLength,
        @DefaultValue("1024") @Positive int maxJacobianClasses,
        @DefaultValue("100000") @Positive int maxSequenceLength,
        @DefaultValue("4096") @Positive int maxHiddenSize,
        @DefaultValue("16") @Positive int maxLayers,
        @DefaultValue("1000000000") @Positive long maxWork) {
}
