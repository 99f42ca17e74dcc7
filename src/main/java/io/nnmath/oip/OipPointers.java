package io.nnmath.oip;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.nnmath.problem.FieldError;
import io.nnmath.problem.ProblemException;


/**
 * The capabilities' checks name their JSON fields ({@code /temperature}, {@code /initialCell});
 * over OIP the same problem points into the inference request's header instead: a parameter at
 * {@code /parameters/temperature}, an input at {@code /inputs/2}. Tensor values already point
 * there, since their arrays carry OIP pointers.
 */
final class OipPointers {

    /** JSON fields that are OIP inputs of another name. */
    private static final Map<String, String> INPUTS = Map.of("initialHidden", "h_0", "initialCell", "c_0",
            "inputs", "input", "weights", "weight", "targetProbabilities", "target_probabilities",
            "output", "output_weight");

    private OipPointers() {
    }

    static ProblemException translate(ProblemException e, OipModel model, OipInputs in) {
        List<FieldError> errors = new ArrayList<>();
        String detail = e.getMessage();
        for (FieldError error : e.errors()) {
            String pointer = pointer(error.pointer(), model, in);
            if (!pointer.equals(error.pointer()) && detail.startsWith(error.pointer())) {
                detail = pointer + detail.substring(error.pointer().length());
            }
            errors.add(new FieldError(pointer, error.message()));
        }
        return errors.equals(e.errors()) ? e : new ProblemException(e.type(), detail, errors);
    }

    private static String pointer(String pointer, OipModel model, OipInputs in) {
        if (pointer.isEmpty() || pointer.startsWith("/inputs/") || pointer.startsWith("/parameters/")
                || pointer.startsWith("/outputs/") || pointer.equals("/inputs")) {
            return pointer;
        }
        String[] segments = pointer.substring(1).split("/");
        if (segments.length == 3 && segments[0].equals("layers") && segments[2].equals("activation")) {
            return "/parameters/activation_l" + segments[1];
        }
        String snake = segments[0].replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
        if (model.parameters().contains(snake)) {
            return "/parameters/" + snake;
        }
        String input = INPUTS.getOrDefault(segments[0], snake);
        OipTensor t = in.optional(input);
        return t != null ? t.at() : "/inputs";
    }
}
