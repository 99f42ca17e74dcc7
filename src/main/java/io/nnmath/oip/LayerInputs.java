package io.nnmath.oip;

import io.nnmath.problem.ProblemException;
import io.nnmath.problem.ProblemType;


/** Per-layer inputs named {@code <prefix><k>}: every one sent must belong to a layer 0 .. layers - 1. */
public final class LayerInputs {

    private LayerInputs() {
    }

    public static void requireConsecutive(OipInputs in, int layers, String... prefixes) {
        for (String name : in.names()) {
            for (String prefix : prefixes) {
                if (name.startsWith(prefix)) {
                    String index = name.substring(prefix.length());
                    if (!index.chars().allMatch(Character::isDigit) || index.isEmpty()
                            || Integer.parseInt(index) >= layers) {
                        throw ProblemException.of(ProblemType.BAD_REQUEST, in.required(name).at() + "/name",
                                "names layer " + index + " but the layers are 0 to " + (layers - 1) + " (numbered by "
                                        + "their weight inputs, without gaps)");
                    }
                }
            }
        }
    }
}
