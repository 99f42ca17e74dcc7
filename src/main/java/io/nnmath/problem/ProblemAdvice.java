package io.nnmath.problem;

import java.util.List;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import io.nnmath.compute.Deadline;
import io.nnmath.system.OverloadProperties;
import io.nnmath.tensor.JsonConfiguration;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.catalina.connector.ClientAbortException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.converter.HttpMessageNotWritableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * The one place where failures become RFC 9457 problem+json answers: our own
 * {@link ProblemException}s, Spring MVC's (404, 405, 406, 415), JSON that does not read, and, as a
 * generic 500, everything else. Every answer is counted in {@code nnmath.problems}.
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    private final MeterRegistry registry;
    private final OverloadProperties overload;
    private final OutOfMemoryAnswer outOfMemory;

    ProblemAdvice(MeterRegistry registry, OverloadProperties overload, OutOfMemoryAnswer outOfMemory) {
        this.registry = registry;
        this.overload = overload;
        this.outOfMemory = outOfMemory;
    }

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<Object> problem(ProblemException e) {
        return answer(e.type(), e.getMessage(), e.errors(), HttpHeaders.EMPTY);
    }

    /** JSON that another protocol's adapter read itself (an OIP request header): answered as the JSON endpoints' bodies. */
    @ExceptionHandler(JacksonException.class)
    @Nullable ResponseEntity<Object> unreadableHeader(JacksonException e) {
        return readFailure(e);
    }

    @ExceptionHandler(Deadline.DeadlineExceededException.class)
    ResponseEntity<Object> pastDeadline(Deadline.DeadlineExceededException e) {
        return answer(ProblemType.OVERLOADED, e.getMessage() + " (nnmath.overload.compute-deadline); send a smaller "
                + "request, or retry after the Retry-After seconds", List.of(), HttpHeaders.EMPTY);
    }

    @ExceptionHandler(Exception.class)
    @Nullable ResponseEntity<Object> bug(Exception e, HttpServletResponse response) {
        if (outOfMemory.answered(e, response)) {
            return null;
        }
        if (clientGone(e)) {
            return null;
        }
        log.error("Unexpected failure", e);
        return answer(ProblemType.INTERNAL_ERROR, ProblemType.INTERNAL_ERROR.genericDetail(), List.of(),
                HttpHeaders.EMPTY);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotWritable(HttpMessageNotWritableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (clientGone(e)) {
            return null;
        }
        return super.handleHttpMessageNotWritable(e, headers, status, request);
    }

    /** A client that hung up is counted in nnmath.client.disconnects: nobody is left to answer, and it is no bug. */
    private boolean clientGone(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ClientAbortException || cause instanceof AsyncRequestNotUsableException) {
                registry.counter("nnmath.client.disconnects").increment();
                return true;
            }
        }
        return false;
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return readFailure(e);
    }

    private @Nullable ResponseEntity<Object> readFailure(Exception e) {
        // Jackson wraps what our tensor reader throws; the reader's own answer is the precise one.
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ProblemException problem) {
                return problem(problem);
            }
        }
        if (clientGone(e)) {
            return null;
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof JacksonException json) {
                return unreadable(json);
            }
        }
        return answer(ProblemType.MALFORMED_JSON, "the request body is missing; send a JSON object",
                List.of(), HttpHeaders.EMPTY);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, @Nullable Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        ProblemType type = ProblemType.forStatus(statusCode.value());
        return answer(type, type.genericDetail(), List.of(), headers);
    }

    private ResponseEntity<Object> unreadable(JacksonException e) {
        String pointer = pointerOf(e);
        if (e instanceof UnrecognizedPropertyException unknown) {
            String known = unknown.getKnownPropertyIds().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", "));
            return answer(ProblemType.WRONG_TYPE, pointer, "is not a field of this request; the fields are: " + known);
        }
        if (e instanceof StreamConstraintsException) {
            return answer(ProblemType.MALFORMED_JSON, pointer, constraintBroken(String.valueOf(e.getOriginalMessage())));
        }
        if (e instanceof InputCoercionException) {
            return answer(ProblemType.WRONG_TYPE, pointer, "must be an integer within the 32-bit range");
        }
        if (e instanceof StreamReadException) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")";
            String what = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate")
                    ? "has a duplicate key" : "is not well-formed JSON" + where;
            return answer(ProblemType.MALFORMED_JSON, pointer, what);
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return answer(ProblemType.WRONG_TYPE, pointer, "must be " + describe(mismatch.getTargetType()));
        }
        return answer(ProblemType.WRONG_TYPE, pointer, "has the wrong JSON type");
    }

    /** Which of Jackson's read constraints a body broke, from the start of its message. */
    private static String constraintBroken(String message) {
        if (message.startsWith("Document nesting depth")) {
            return "is nested deeper than allowed (nnmath.limits.max-nesting-depth)";
        }
        if (message.startsWith("Number value length")) {
            return "has a number literal longer than allowed (nnmath.limits.max-number-length)";
        }
        if (message.startsWith("Name length")) {
            return "has a field name longer than " + JsonConfiguration.MAX_NAME_LENGTH + " characters; "
                    + "no field of this API has such a name";
        }
        if (message.startsWith("String value length")) {
            return "has a string longer than " + JsonConfiguration.MAX_STRING_LENGTH + " characters; "
                    + "no string of this API is that long";
        }
        return "is larger than this service reads";
    }

    private ResponseEntity<Object> answer(ProblemType type, String pointer, String message) {
        return answer(type, ProblemException.detailOf(pointer, message), List.of(new FieldError(pointer, message)),
                HttpHeaders.EMPTY);
    }

    private ResponseEntity<Object> answer(ProblemType type, String detail, List<FieldError> errors,
            HttpHeaders headers) {
        Problem.count(registry, type);
        if (type == ProblemType.OVERLOADED) {
            headers = new HttpHeaders(headers);
            headers.set(HttpHeaders.RETRY_AFTER, overload.retryAfterSeconds());
        }
        return ResponseEntity.status(type.status()).headers(headers)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(Problem.of(type, detail, errors).at(path()));
    }

    /** The path of the request being answered. */
    private static String path() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes servlet
                ? servlet.getRequest().getRequestURI() : null;
    }

    /** The JSON Pointer of where Jackson stopped, from its path of properties and indices. */
    static String pointerOf(JacksonException e) {
        StringBuilder pointer = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            pointer.append('/');
            if (ref.getPropertyName() != null) {
                pointer.append(ProblemException.prefix(ref.getPropertyName()).replace("~", "~0").replace("/", "~1"));
            } else if (ref.getIndex() >= 0) {
                pointer.append(ref.getIndex());
            }
        }
        return pointer.toString();
    }

    private static String describe(Class<?> type) {
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return type == Integer.class || type == int.class || type == Long.class ? "an integer" : "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }
}
