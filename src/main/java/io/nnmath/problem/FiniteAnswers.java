package io.nnmath.problem;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.nnmath.compute.Segments;
import io.nnmath.tensor.Tensor;

import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * The one place every answer's numbers pass before they are written: a number that is not a
 * finite double anywhere in an answer (a record, a tensor, a list or array of them) makes the
 * answer a 422 not-representable naming that output field, never a 200 with NaN, Infinity or a
 * string where a number belongs. The computations refuse most such results earlier, at the input
 * that caused them; this catches every one that gets past them.
 */
@ControllerAdvice
public class FiniteAnswers implements ResponseBodyAdvice<Object> {

    /** Each answer record's components, readable whatever the record's own visibility. */
    private final Map<Class<?>, Component[]> components = new ConcurrentHashMap<>();

    private record Component(String name, Method accessor) {
    }

    private static Component[] componentsOf(Class<?> record) {
        RecordComponent[] rc = record.getRecordComponents();
        Component[] out = new Component[rc.length];
        for (int i = 0; i < rc.length; i++) {
            Method accessor = rc[i].getAccessor();
            accessor.setAccessible(true);
            out[i] = new Component(rc[i].getName(), accessor);
        }
        return out;
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
            Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
            ServerHttpResponse response) {
        if (body != null && body.getClass().isRecord() && !(body instanceof Problem)) {
            check(body, "");
        }
        return body;
    }

    /** Throws a 422 at the first non-finite number below {@code value}, whose pointer is {@code at}. */
    void check(Object value, String at) {
        switch (value) {
            case null -> { }
            case Double d -> requireFinite(d, at);
            case double[] a -> {
                for (int i = 0; i < a.length; i++) {
                    requireFinite(a[i], at + "/" + i);
                }
            }
            case Tensor t -> {
                Segments values = t.segments();
                for (int p = 0; p < values.parts().length; p++) {
                    double[] part = values.parts()[p];
                    for (int i = 0; i < values.lengthOf(p); i++) {
                        if (!Double.isFinite(part[i])) {
                            requireFinite(part[i], at + indexPath(t.shape(), p * Segments.PART + i));
                        }
                    }
                }
            }
            case List<?> list -> {
                for (int i = 0; i < list.size(); i++) {
                    check(list.get(i), at + "/" + i);
                }
            }
            case Record r -> {
                for (Component c : components.computeIfAbsent(r.getClass(), FiniteAnswers::componentsOf)) {
                    check(read(c, r), at + "/" + c.name());
                }
            }
            default -> { }
        }
    }

    /** The same check for a tensor that another protocol writes itself, {@code at} the pointer of its values. */
    public void requireFinite(double[] values, String at, String output) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw ProblemException.of(ProblemType.NOT_REPRESENTABLE, at + "/" + i, "(element " + i + " of output "
                        + output + ") is not a finite double in the exact answer (it is out of range, or out of "
                        + "FP32's range); send smaller values, or ask for FP64");
            }
        }
    }

    private static void requireFinite(double v, String at) {
        if (!Double.isFinite(v)) {
            throw ProblemException.of(ProblemType.NOT_REPRESENTABLE, at,
                    "is not a finite double in the exact answer (it is out of range); send smaller values");
        }
    }

    /** The JSON Pointer suffix of entry {@code flat} of a row-major tensor of {@code shape}. */
    private static String indexPath(int[] shape, int flat) {
        StringBuilder path = new StringBuilder();
        int stride = 1;
        for (int d = shape.length - 1; d > 0; d--) {
            stride *= shape[d];
        }
        int rest = flat;
        for (int d = 0; d < shape.length; d++) {
            path.append('/').append(rest / stride);
            rest %= stride;
            if (d + 1 < shape.length) {
                stride /= shape[d + 1];
            }
        }
        return path.toString();
    }

    private static Object read(Component component, Record record) {
        try {
            return component.accessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + component, e);
        }
    }
}
