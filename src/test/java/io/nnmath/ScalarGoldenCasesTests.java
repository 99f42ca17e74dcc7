package io.nnmath;

import org.springframework.boot.test.context.SpringBootTest;

/** The reference cases again, with the scalar kernels forced. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "nnmath.compute.kernel=scalar")
class ScalarGoldenCasesTests extends GoldenCasesTests {

    @Override
    String expectedKernels() {
        return "scalar";
    }
}
