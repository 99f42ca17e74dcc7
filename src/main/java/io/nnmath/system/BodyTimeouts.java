package io.nnmath.system;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tomcat's upload timeout for request bodies (nnmath.overload.body-idle-timeout), apart from its
 * connection timeout: a body that stops arriving is cut off after a few seconds (408), while an
 * answer keeps the longer server.tomcat.connection-timeout to be read by a busy client.
 */
@Configuration(proxyBeanMethods = false)
class BodyTimeouts {

    @Bean
    TomcatConnectorCustomizer bodyIdleTimeout(OverloadProperties overload) {
        return connector -> {
            connector.setProperty("disableUploadTimeout", "false");
            connector.setProperty("connectionUploadTimeout", Long.toString(overload.bodyIdleTimeout().toMillis()));
        };
    }
}
