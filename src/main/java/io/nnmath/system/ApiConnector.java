package io.nnmath.system;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tomcat's connector for the API, two settings apart from its defaults.
 * <ul>
 * <li>An upload timeout for request bodies (nnmath.overload.body-idle-timeout), apart from its
 * connection timeout: a body that stops arriving is cut off after a few seconds (408), while an
 * answer keeps the longer server.tomcat.connection-timeout to be read by a busy client.</li>
 * <li>Socket buffers of {@value #READ_BUFFER} bytes for reading and {@value #WRITE_BUFFER} for
 * writing, instead of 8 KB each: Tomcat reads and writes the socket one buffer at a time, and a
 * 1M-logit answer of 21 MB took 2,600 writes. Measured end to end (curl, median of 15, three
 * alternating starts each): 122 to 153 ms with 8 KB, 103 to 112 ms with these. Each open
 * connection holds both, 48 KB instead of 16 KB, so server.tomcat.max-connections is 2,048
 * (application.yaml) instead of 8,192: at most 96 MB of buffers instead of 128.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class ApiConnector {

    static final int READ_BUFFER = 16 * 1024;
    static final int WRITE_BUFFER = 32 * 1024;

    @Bean
    TomcatConnectorCustomizer apiConnectorSettings(OverloadProperties overload) {
        return connector -> {
            connector.setProperty("disableUploadTimeout", "false");
            connector.setProperty("connectionUploadTimeout", Long.toString(overload.bodyIdleTimeout().toMillis()));
            connector.setProperty("socket.appReadBufSize", Integer.toString(READ_BUFFER));
            connector.setProperty("socket.appWriteBufSize", Integer.toString(WRITE_BUFFER));
        };
    }
}
