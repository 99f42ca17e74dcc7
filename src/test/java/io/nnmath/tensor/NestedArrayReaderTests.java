package io.nnmath.tensor;

import java.nio.charset.StandardCharsets;

import io.nnmath.compute.Segments;
import io.nnmath.problem.FieldError;
import io.nnmath.problem.ProblemException;
import io.nnmath.problem.ProblemType;

import org.junit.jupiter.api.Test;

import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The streaming tensor reader on its own: shapes, ragged arrays, pointers, integers, the number
 * limit. Bodies are read as bytes, through the scanning parser of every request body;
 * ScanningJsonParserTests compares that with Jackson's own parser.
 */
class NestedArrayReaderTests {

    record Body(NumberArray x, IndexArray y) {
    }

    final JsonMapper mapper = JsonMapper.builder(ScanningJsonFactory.builder().build())
            .addModule(JsonConfiguration.tensorModule(20)).build();

    Body read(String json) {
        return mapper.readValue(json.getBytes(StandardCharsets.UTF_8), Body.class);
    }

    static ProblemException problemIn(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof ProblemException p) {
                return p;
            }
        }
        throw new AssertionError("no ProblemException in " + thrown);
    }

    void rejects(String json, ProblemType type, String pointer) {
        assertThatThrownBy(() -> read(json)).satisfies(t -> {
            ProblemException p = problemIn(t);
            assertThat(p.type()).isEqualTo(type);
            assertThat(p.errors()).extracting(FieldError::pointer).containsExactly(pointer);
        });
    }

    @Test
    void readsRanksZeroToThreeIntoOneFlatArray() {
        assertThat(read("{\"x\": 2.5}").x().rank()).isZero();
        NumberArray m = read("{\"x\": [[1, 2, 3], [4, 5, 6]]}").x();
        assertThat(m.shape()).containsExactly(2, 3);
        assertThat(m.data()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(m.matrix().get(1, 2)).isEqualTo(6);
        NumberArray cube = read("{\"x\": [[[1], [2]], [[3], [4]]]}").x();
        assertThat(cube.shape()).containsExactly(2, 2, 1);
    }

    @Test
    void keepsRaggedArraysButNamesTheFirstOddRowWhenAShapeIsNeeded() {
        NumberArray ragged = read("{\"x\": [[[1, 2]], [[3, 4], [5, 6], [7, 8]]]}").x();
        assertThat(ragged.arraysAt(1)).isEqualTo(2);
        assertThat(ragged.lengthAt(1, 1)).isEqualTo(3);
        assertThat(ragged.uniformLength(2)).isEqualTo(2);
        assertThat(ragged.pointerOfValue(5)).isEqualTo("/x/1/1/1");
        assertThatThrownBy(ragged::shape).satisfies(t -> assertThat(problemIn(t).errors().get(0).pointer())
                .isEqualTo("/x/1"));
        NumberArray deep = read("{\"x\": [[[1, 2]], [[3, 4], [5]]]}").x();
        assertThatThrownBy(() -> deep.uniformLength(2)).satisfies(t -> assertThat(problemIn(t).errors().get(0)
                .pointer()).isEqualTo("/x/1/1"));
    }

    @Test
    void rejectsEmptyArraysMixedDepthsAndNonNumbers() {
        rejects("{\"x\": [[1], []]}", ProblemType.SHAPE_MISMATCH, "/x/1");
        rejects("{\"x\": [[1], [[2]]]}", ProblemType.SHAPE_MISMATCH, "/x/1/0");
        rejects("{\"x\": [1, \"2\"]}", ProblemType.WRONG_TYPE, "/x/1");
        rejects("{\"x\": [1, {}]}", ProblemType.WRONG_TYPE, "/x/1");
        rejects("{\"x\": \"1\"}", ProblemType.WRONG_TYPE, "/x");
        rejects("{\"x\": [1, -1e999]}", ProblemType.INVALID_VALUE, "/x/1");
    }

    @Test
    void classIndicesMustBeJsonIntegers() {
        assertThat(read("{\"y\": [0, 2, 1]}").y().indicesBelow(3, null)).containsExactly(0, 2, 1);
        assertThat(read("{\"y\": [0, -100]}").y().indicesBelow(3, -100)).containsExactly(0, -100);
        rejects("{\"y\": [0, 1.5]}", ProblemType.WRONG_TYPE, "/y/1");
        rejects("{\"y\": [0, 1.0]}", ProblemType.WRONG_TYPE, "/y/1");
        rejects("{\"y\": \"2\"}", ProblemType.WRONG_TYPE, "/y");
        rejects("{\"y\": [true]}", ProblemType.WRONG_TYPE, "/y/0");
        IndexArray big = read("{\"y\": [0, 123456789012345678901234567890]}").y();
        assertThatThrownBy(() -> big.indicesBelow(3, null)).satisfies(t ->
                assertThat(problemIn(t).errors().get(0).pointer()).isEqualTo("/y/1"));
        IndexArray out = read("{\"y\": [[0, 1], [3, 0]]}").y();
        assertThatThrownBy(() -> out.indicesBelow(3, null)).satisfies(t ->
                assertThat(problemIn(t).errors().get(0).pointer()).isEqualTo("/y/1/0"));
    }

    @Test
    void countsNumbersOverAllTensorsOfOneRequest() {
        read("{\"x\": [" + "1,".repeat(9) + "1], \"y\": [" + "1,".repeat(9) + "1]}");
        assertThatThrownBy(() -> read("{\"x\": [" + "1,".repeat(10) + "1], \"y\": [" + "1,".repeat(9) + "1]}"))
                .satisfies(t -> assertThat(problemIn(t).type()).isEqualTo(ProblemType.LIMIT_EXCEEDED));
    }

    @Test
    void readsManyBlocksOfNumbersInOrderThroughEitherParser() {
        // Rows of 997 (a prime, so that rows and the reader's blocks of 32,768 never line up), and a
        // last short row: every number lands at its place across the block boundaries
        int rows = 250;
        StringBuilder json = new StringBuilder("{\"x\": [");
        double[] expected = new double[rows * 997 + 3];
        for (int r = 0, k = 0; r <= rows; r++) {
            json.append(r == 0 ? "[" : ", [");
            for (int c = 0; c < (r == rows ? 3 : 997); c++, k++) {
                expected[k] = (k % 7919) / 16.0 - 200;
                json.append(c == 0 ? "" : ",").append(expected[k]);
            }
            json.append(']');
        }
        byte[] body = json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        for (JsonFactory factory : new JsonFactory[] {ScanningJsonFactory.builder().build(),
                JsonFactory.builder().build()}) {
            NumberArray x = JsonMapper.builder(factory).addModule(JsonConfiguration.tensorModule(expected.length))
                    .build().readValue(body, Body.class).x();
            assertThat(x.data()).as(factory.getClass().getSimpleName()).containsExactly(expected);
            assertThat(x.arraysAt(1)).isEqualTo(rows + 1);
            assertThat(x.lengthAt(1, rows)).isEqualTo(3);
            assertThat(x.lengthAt(1, rows - 1)).isEqualTo(997);
        }
    }

    @Test
    void keepsALongVectorInTheBlocksItWasReadIntoAndOtherRanksInOneArray() {
        // 3 full blocks and 5 numbers: a vector stays in its 4 blocks (no second copy of it), and
        // becomes one array only when a caller asks for one
        double[] expected = new double[3 * Segments.PART + 5];
        StringBuilder json = new StringBuilder("{\"x\": [");
        for (int k = 0; k < expected.length; k++) {
            expected[k] = (k % 7919) / 16.0 - 200;
            json.append(k == 0 ? "" : ",").append(expected[k]);
        }
        byte[] body = json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        JsonMapper large = JsonMapper.builder(ScanningJsonFactory.builder().build())
                .addModule(JsonConfiguration.tensorModule(expected.length)).build();
        NumberArray x = large.readValue(body, Body.class).x();
        assertThat(x.vector().parts().length).isEqualTo(4);
        assertThat(x.vector().lengthOf(3)).isEqualTo(5);
        assertThat(x.size()).isEqualTo(expected.length);
        assertThat(x.vector().flat()).containsExactly(expected);
        assertThat(x.data()).containsExactly(expected);
        assertThat(x.vector().parts().length).isEqualTo(1);
        assertThat(x.vector().parts()[0]).isSameAs(x.data());

        byte[] rows = ("{\"x\": [" + ("[" + "1.5,".repeat(Segments.PART - 1) + "2],").repeat(3) + "[3]]}")
                .getBytes(StandardCharsets.UTF_8);
        NumberArray m = JsonMapper.builder(ScanningJsonFactory.builder().build())
                .addModule(JsonConfiguration.tensorModule(4 * Segments.PART)).build().readValue(rows, Body.class).x();
        assertThat(m.segments().parts().length).isEqualTo(1);
        assertThat(m.size()).isEqualTo(3 * Segments.PART + 1);
        assertThatThrownBy(m::vector).satisfies(t -> assertThat(problemIn(t).errors())
                .extracting(FieldError::pointer).containsExactly("/x"));
    }
}
