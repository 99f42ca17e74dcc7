package io.nnmath.tensor;

import java.util.ArrayList;
import java.util.List;

import io.nnmath.problem.ProblemException;
import io.nnmath.system.Admission;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

/**
 * Class names, read one string at a time and charged to the request's reservation as they are
 * kept: a body of a million one-letter names holds tens of bytes for each of its few bytes.
 */
public final class ClassNamesReader extends ValueDeserializer<List<String>> {

    /** What a String holds beyond its characters (object, array header, list slot), roughly. */
    static final long STRING_OVERHEAD = 64;

    @Override
    public List<String> deserialize(JsonParser p, DeserializationContext ctxt) {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw ProblemException.wrongType(p.streamReadContext().pathAsPointer().toString(),
                    "must be an array of strings, not " + NestedArrayReader.describe(p.currentToken()));
        }
        List<String> names = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t == JsonToken.VALUE_NULL) {
                names.add(null); // the service names the null entry
                continue;
            }
            if (t != JsonToken.VALUE_STRING) {
                throw ProblemException.wrongType(p.streamReadContext().pathAsPointer().toString(),
                        "must be a string (a class name), not " + NestedArrayReader.describe(t));
            }
            String name = p.getString();
            Admission.charge(STRING_OVERHEAD + 2L * name.length());
            names.add(name);
        }
        return names;
    }
}
