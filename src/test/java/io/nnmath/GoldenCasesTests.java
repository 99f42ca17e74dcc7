package io.nnmath;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import io.nnmath.compute.KernelChoice;
import io.nnmath.compute.Kernels;
import io.nnmath.tensor.ScanningJsonFactory;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every reference case through the real HTTP stack, with the kernels the JVM offers (vector, as
 * the build passes the module); {@link ScalarGoldenCasesTests} repeats them on the scalar kernels.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GoldenCasesTests {

    @LocalServerPort
    int port;

    @Autowired
    Kernels kernels;

    @Autowired
    JsonMapper json;

    String expectedKernels() {
        return KernelChoice.vectorModulePresent() ? "vector" : "scalar";
    }

    @Test
    void runsTheExpectedKernels() {
        assertThat(kernels.name()).isEqualTo(expectedKernels());
    }

    /** So every reference case below reads its tensors with the number scanner, and with the strict settings. */
    @Test
    void readsBodiesWithTheScanningParserAndTheStrictSettings() {
        assertThat(json.tokenStreamFactory()).isInstanceOf(ScanningJsonFactory.class);
        assertThat(json.tokenStreamFactory().isEnabled(StreamReadFeature.STRICT_DUPLICATE_DETECTION)).isTrue();
        assertThat(json.createParser(new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8))).getClass()
                .getSimpleName()).isEqualTo("ScanningJsonParser");
    }

    @Test
    void everyEndpointHasReferenceCases() {
        java.util.List<GoldenCase> cases = GoldenCase.all();
        assertThat(cases).hasSizeGreaterThan(100);
        assertThat(cases.stream().map(GoldenCase::endpoint).distinct().sorted()).containsExactly(
                "/gradient/cross-entropy", "/gradient/softmax", "/log-softmax", "/loss/compare",
                "/loss/cross-entropy", "/loss/squared-error", "/network/forward", "/rnn/backward", "/rnn/forward",
                "/softmax");
    }

    @TestFactory
    Stream<DynamicTest> everyReferenceCaseMatchesPyTorch() throws java.io.IOException {
        TestHttp http = new TestHttp(port);
        tools.jackson.databind.JsonNode contract = Contract.committed();
        return GoldenCase.all().stream().map(c ->
                DynamicTest.dynamicTest(c.toString(), () -> {
                    TestHttp.Answer answer = http.post(c.endpoint(), c.request());
                    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
                    assertThat(c.mismatches(answer.json())).isEmpty();
                    // the answer has only the fields its schema in openapi/openapi.yaml names
                    assertThat(Contract.responseFields(contract, c.endpoint())).containsAll(Contract.fieldsOf(answer.json()));
                }));
    }
}
