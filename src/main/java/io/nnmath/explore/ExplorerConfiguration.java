package io.nnmath.explore;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The explorer, a page for learners (static/explore.html and static/explore/): served at
 * {@code /explore}, where {@code /} and {@code /explore/} send browsers. Its numbers all come from the JSON API.
 */
@Configuration(proxyBeanMethods = false)
class ExplorerConfiguration implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        // An explicit status makes the Location header relative, as it is sent (not made absolute by Tomcat).
        registry.addRedirectViewController("/", "/explore").setStatusCode(HttpStatus.FOUND);
        registry.addRedirectViewController("/explore/", "/explore").setStatusCode(HttpStatus.FOUND);
        // A forward, not a redirect: the page's relative links (explore/..., softmax) resolve from the root.
        registry.addViewController("/explore").setViewName("forward:/explore.html");
    }
}
