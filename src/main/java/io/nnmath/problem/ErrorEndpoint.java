package io.nnmath.problem;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.apache.catalina.core.StandardHost;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors raised outside Spring MVC (in a filter, or by the servlet container) are forwarded to
 * {@code /error}; this answers them as problem+json instead of Spring Boot's default body, which
 * echoes the path. Errors that never reach the application at all (e.g. a malformed request
 * line) are written by {@link ProblemReportValve}.
 */
@Hidden
@RestController
class ErrorEndpoint implements ErrorController {

    private final MeterRegistry registry;

    ErrorEndpoint(MeterRegistry registry) {
        this.registry = registry;
    }

    @RequestMapping(path = "${server.error.path:/error}", produces = MediaType.ALL_VALUE)
    ResponseEntity<Problem> error(HttpServletRequest request) {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        ProblemType type = ProblemType.forStatus(status instanceof Integer code ? code : 500);
        Problem.count(registry, type);
        return ResponseEntity.status(type.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problem.of(type, type.genericDetail(), List.of())
                        .at((String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI)));
    }

    @Bean
    static TomcatContextCustomizer problemReportValve() {
        return context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemReportValve.class.getName());
            }
        };
    }
}
