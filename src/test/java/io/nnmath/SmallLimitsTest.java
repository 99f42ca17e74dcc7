package io.nnmath;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The real server with every size limit small, so that each limit's answer can be reached with
 * small requests. One set for every such test class, so that they share one Spring context; the
 * failing endpoint of InternalErrorTests is part of it, for the same reason.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "nnmath.limits.max-body-size=2KB", "nnmath.limits.max-numbers=100",
        "nnmath.limits.max-nesting-depth=8", "nnmath.limits.max-number-length=30",
        "nnmath.limits.max-sequence-length=10", "nnmath.limits.max-hidden-size=4",
        "nnmath.limits.max-layers=2", "nnmath.limits.max-work=2000"})
@Import(SmallLimitsTest.FailingEndpoint.class)
public @interface SmallLimitsTest {

    /** A bug on purpose, at POST /test/fail, for InternalErrorTests. */
    @TestConfiguration
    @RestController
    class FailingEndpoint {
        public static final String SECRET = "db-password=hunter2";

        @PostMapping("/test/fail")
        String fail() {
            throw new IllegalStateException(SECRET);
        }
    }
}
