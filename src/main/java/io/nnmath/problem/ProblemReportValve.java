package io.nnmath.problem;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import io.micrometer.core.instrument.Metrics;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's error report for requests it rejects before the application sees them (an encoded
 * slash in the path, a malformed request line): problem+json rather than an HTML page, with the
 * Open Inference Protocol's {@code error} member under {@code /v2} as every other answer there.
 */
public class ProblemReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        ProblemType type = ProblemType.forStatus(status);
        // Tomcat makes this valve itself, outside Spring: Spring Boot also registers its registry globally.
        Problem.count(Metrics.globalRegistry, type);
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                String detail = "\"" + type.genericDetail() + "\"";
                writer.write("{\"type\":\"" + type.uri() + "\",\"title\":\"" + type.title() + "\",\"status\":"
                        + status + ",\"detail\":" + detail + (Problem.isOip(request.getRequestURI()) ? ",\"error\":"
                        + detail : "") + "}");
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client is gone or the response is already committed: nothing more can be said.
        }
    }
}
