package io.nnmath.oip;

/** Client-supplied names as answers may echo them: cut to a short prefix. */
final class Names {

    static final int PREFIX = 64;

    private Names() {
    }

    static String prefix(String name) {
        return name.length() <= PREFIX ? name : name.substring(0, PREFIX) + "...";
    }
}
