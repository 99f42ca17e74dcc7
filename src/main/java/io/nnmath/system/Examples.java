package io.nnmath.system;

/**
 * Request examples shown in Swagger UI, one constant each (annotations need constants). They teach:
 * the Iris flower data (Setosa, Versicolor, Virginica), the cross-entropy seed example
 * (0.57, 0.31, 0.12), and two sentences of different lengths for the recurrent network.
 */
public final class Examples {

    private Examples() {
    }

    public static final String IRIS_SOFTMAX = """
            {"logits": [1.43, -0.4, 0.23], "classNames": ["Setosa", "Versicolor", "Virginica"]}""";

    public static final String IRIS_BATCH_TEMPERATURE = """
            {"logits": [[1.43, -0.4, 0.23], [-0.2, 1.1, 0.9], [0.1, 0.3, 2.5]], "temperature": 2,
             "classNames": ["Setosa", "Versicolor", "Virginica"]}""";

    public static final String SEED_CROSS_ENTROPY = """
            {"probabilities": [0.57, 0.31, 0.12], "target": 0}""";

    public static final String CROSS_ENTROPY_OPTIONS = """
            {"logits": [[1.43, -0.4, 0.23], [-0.2, 1.1, 0.9], [0.1, 0.3, 2.5]], "target": [0, 1, -100],
             "weights": [1.0, 2.0, 1.0], "labelSmoothing": 0.1, "ignoreIndex": -100, "reduction": "mean"}""";

    public static final String WRONG_PREDICTIONS = """
            {"probabilities": [[0.01, 0.99], [0.5, 0.5], [0.999, 0.001]], "target": [0, 0, 0]}""";

    public static final String IRIS_JACOBIAN = """
            {"logits": [1.43, -0.4, 0.23]}""";

    public static final String IRIS_VJP = """
            {"logits": [1.43, -0.4, 0.23], "upstream": [1.0, 0.0, 0.0]}""";

    public static final String IRIS_LOGITS_GRADIENT = """
            {"logits": [1.43, -0.4, 0.23], "target": 0}""";

    /** "Hi" (2 steps) next to "What's up man?" (4 steps): 5 numbers per word in, scores over 5 words out. */
    public static final String SENTENCES = """
            {"layers": [{"weightIh": [[0.1493, -0.5511, -0.4897, 0.2898, 0.0263], [-0.1319, 0.3707, 0.499, -0.3252, 0.1856], [-0.1051, 0.2951, -0.4617, 0.2907, -0.2958]], "weightHh": [[0.4334, 0.0224, -0.3022], [0.5228, -0.4383, -0.2586], [0.1517, 0.5135, 0.0239]], "biasIh": [0.0387, -0.3791, 0.2569], "biasHh": [-0.2153, 0.2815, 0.0694]}], "inputs": [[[-0.6997, -0.0797, -0.0245, 0.8326, -0.0839], [0.9588, 0.2943, -0.3533, -0.548, -0.5552]], [[-0.8309, 0.4892, 0.3505, -0.2857, 0.4781], [0.1422, -0.4922, -0.4041, 0.3706, 0.9455], [0.1809, -0.3639, -0.4302, -0.8412, -0.5546], [-0.2795, 0.3842, -0.437, 0.5774, 0.4259]]], "output": {"weight": [[-0.108, -0.0374, -0.3952], [-0.2904, -0.219, -0.538], [-0.1687, -0.1105, -0.4602], [-0.2748, 0.2499, 0.5703], [0.218, -0.377, -0.2438]], "bias": [0.0085, 0.2739, 0.3064, 0.4438, -0.3716], "activation": "softmax"}}""";

    public static final String BPTT = """
            {"layers": [{"weightIh": [[0.2109, 0.2622, 0.0407], [0.2041, 0.4746, 0.4082], [-0.2172, 0.0583, 0.3219], [-0.4208, -0.2974, 0.1027]], "weightHh": [[0.0579, -0.059, -0.3838, -0.1857], [0.0866, 0.1724, -0.3631, 0.3554], [-0.248, 0.3578, 0.2349, -0.2996], [-0.3974, 0.2246, 0.3801, -0.4557]], "biasIh": [-0.445, -0.4915, -0.1624, 0.3314], "biasHh": [0.4149, 0.1255, 0.4448, -0.2556]}], "inputs": [[0.5279, -0.9055, 0.5025], [0.0139, 0.3505, -0.3671], [-0.9461, 0.3949, -0.6449], [0.0357, -0.9937, 0.2567], [0.1033, -0.6868, -0.9606], [-0.3268, 0.7217, -0.9929]], "output": {"weight": [[-0.0019, 0.4193, 0.3111, 0.1294], [0.1742, 0.3408, 0.2098, 0.4801], [-0.2311, -0.4001, 0.1294, -0.0415]], "bias": [-0.4995, -0.3971, 0.0209], "activation": "none"}, "targets": [1, 0, 2, 0, 0, 2]}""";

    /** The network of "Neural Networks Pt. 4": petal and sepal width in, one raw score per species out. */
    public static final String IRIS_NETWORK = """
            {"inputs": [0.04, 0.42],
             "layers": [{"weight": [[-2.5, 0.6], [-1.5, 0.4]], "bias": [1.6, 0.7], "activation": "relu"},
                        {"weight": [[-0.1, 1.5], [2.4, -5.2], [-2.2, 3.7]], "bias": [0, 0, 1]}],
             "softmax": true, "classNames": ["Setosa", "Versicolor", "Virginica"]}""";
}
