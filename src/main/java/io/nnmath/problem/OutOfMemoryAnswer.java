package io.nnmath.problem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import io.micrometer.core.instrument.MeterRegistry;
import io.nnmath.system.OverloadProperties;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * The last line behind admission: an OutOfMemoryError that happens anyway ends its request with a
 * 503 and a closed connection, never a dead worker thread with its socket left open. It is logged
 * as an error, since admission should have made it impossible.
 */
@Component
public class OutOfMemoryAnswer {

    private static final Logger log = LoggerFactory.getLogger(OutOfMemoryAnswer.class);

    private final MeterRegistry registry;
    private final OverloadProperties overload;
    private final byte[] body;

    public OutOfMemoryAnswer(MeterRegistry registry, OverloadProperties overload) {
        this.registry = registry;
        this.overload = overload;
        // Made once: after an OutOfMemoryError there may be no room to build it.
        ProblemType type = ProblemType.OVERLOADED;
        this.body = ("{\"type\":\"" + type.uri() + "\",\"title\":\"" + type.title() + "\",\"status\":503,"
                + "\"detail\":\"the service ran out of memory on this request; retry after the Retry-After seconds\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The OutOfMemoryError behind {@code e}, or null. */
    static OutOfMemoryError find(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof OutOfMemoryError oom) {
                return oom;
            }
        }
        return null;
    }

    /** Answers 503 and closes the connection if {@code e} comes from an OutOfMemoryError; false otherwise. */
    public boolean answered(Throwable e, HttpServletResponse response) {
        OutOfMemoryError oom = find(e);
        if (oom == null) {
            return false;
        }
        log.error("Out of memory on a request that admission let through; lower nnmath.overload.memory-budget "
                + "or raise the heap", oom);
        Problem.count(registry, ProblemType.OVERLOADED);
        if (response.isCommitted()) {
            return false; // part of an answer is out: only an aborted connection tells the client
        }
        response.reset();
        response.setStatus(503);
        response.setHeader(HttpHeaders.CONNECTION, "close");
        response.setHeader(HttpHeaders.RETRY_AFTER, overload.retryAfterSeconds());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setContentLength(body.length);
        try {
            response.getOutputStream().write(body);
        } catch (IOException | IllegalStateException gone) {
            // The client is gone; the connection closes all the same.
        }
        return true;
    }
}
