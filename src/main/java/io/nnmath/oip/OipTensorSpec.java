package io.nnmath.oip;

/**
 * An input or output in a model's metadata: its name (with {@code {k}} for a layer index, as in
 * PyTorch's state_dict names), datatype and shape, -1 for a variable dimension.
 */
public record OipTensorSpec(String name, String datatype, long... shape) {

    public static OipTensorSpec real(String name, long... shape) {
        return new OipTensorSpec(name, "FP64", shape);
    }

    public static OipTensorSpec int64(String name, long... shape) {
        return new OipTensorSpec(name, "INT64", shape);
    }

    /** Whether {@code actual} is this name, with a layer index where the name has {@code {k}}. */
    boolean matches(String actual) {
        int k = name.indexOf("{k}");
        if (k < 0) {
            return name.equals(actual);
        }
        String head = name.substring(0, k);
        String tail = name.substring(k + 3);
        if (!actual.startsWith(head) || !actual.endsWith(tail) || actual.length() <= head.length() + tail.length()) {
            return false;
        }
        String index = actual.substring(head.length(), actual.length() - tail.length());
        return index.length() <= 2 && index.chars().allMatch(Character::isDigit);
    }
}
