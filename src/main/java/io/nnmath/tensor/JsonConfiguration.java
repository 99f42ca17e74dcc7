package io.nnmath.tensor;

import io.nnmath.system.Limits;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.jackson.autoconfigure.JsonFactoryBuilderCustomizer;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonFactoryBuilder;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * Strict JSON: unknown fields, duplicate keys, trailing tokens, floats where integers belong and
 * strings or booleans where numbers belong are all rejected; nesting depth and number length are
 * bounded. Tensors are read and written by our own streaming code, their numbers straight from and
 * into the bytes.
 */
@Configuration(proxyBeanMethods = false)
public class JsonConfiguration {

    /** Field names and strings of this API are short: longer ones are refused before they are buffered. */
    public static final int MAX_NAME_LENGTH = 1000;
    public static final int MAX_STRING_LENGTH = 100_000;

    /**
     * Jackson's JSON factory as Spring Boot would build it, every customizer applied, but whose
     * parsers read the numbers of tensors straight from the request's bytes ({@link ScanningJsonFactory}).
     */
    @Bean
    JsonFactory jsonFactory(ObjectProvider<JsonFactoryBuilderCustomizer> customizers) {
        JsonFactoryBuilder builder = ScanningJsonFactory.builder();
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    @Bean
    JsonFactoryBuilderCustomizer strictJsonFactory(Limits limits) {
        return factory -> factory
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxNestingDepth())
                        .maxNumberLength(limits.maxNumberLength())
                        .maxNameLength(MAX_NAME_LENGTH)
                        .maxStringLength(MAX_STRING_LENGTH)
                        .build());
    }

    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE) // after Spring Boot's own, which relaxes unknown properties
    JsonMapperBuilderCustomizer strictJsonMapper(Limits limits) {
        return mapper -> mapper
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .withCoercionConfig(LogicalType.Textual, strings -> strings
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .addModule(tensorModule(limits.maxNumbers()));
    }

    static SimpleModule tensorModule(int maxNumbers) {
        return new SimpleModule("nnmath-tensors")
                .addDeserializer(NumberArray.class, NestedArrayReader.numbers(maxNumbers))
                .addDeserializer(IndexArray.class, NestedArrayReader.indices(maxNumbers))
                .addSerializer(Tensor.class, new TensorWriter());
    }
}
