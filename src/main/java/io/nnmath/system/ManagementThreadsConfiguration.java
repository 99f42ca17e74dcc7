package io.nnmath.system;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * The management server (health, metrics) answers on platform threads of its own, so that a
 * liveness check is scheduled by the operating system beside the API's work and never waits for
 * one of the API's virtual-thread carriers, which a burst of large requests keeps busy.
 * (Measured: HostileClientsTests' slowest liveness check during a burst was 0.4 to 3.7 s on
 * virtual threads, 0.45 s on platform threads.)
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
class ManagementThreadsConfiguration {

    @Bean
    PlatformThreads managementOnPlatformThreads() {
        return new PlatformThreads();
    }

    /** Runs after Spring Boot's virtual-thread customizer and takes its executor away again. */
    static final class PlatformThreads implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {
        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            // Without an executor, Tomcat makes its own pool of platform threads at start.
            factory.addProtocolHandlerCustomizers(protocol -> protocol.setExecutor(null));
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
