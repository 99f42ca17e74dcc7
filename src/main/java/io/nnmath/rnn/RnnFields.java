package io.nnmath.rnn;

import java.util.List;

import io.nnmath.tensor.NumberArray;


/** What /rnn/forward and /rnn/backward both take. */
interface RnnFields {

    String cell();

    String nonlinearity();

    List<RnnLayer> layers();

    NumberArray inputs();

    NumberArray initialHidden();

    NumberArray initialCell();

    RnnOutput output();
}
