package io.nnmath.explore;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The explorer, a page for learners (static/explore.html and static/explore/): served at
 * {@code /explore}, where {@code /} and {@code /explore/} send browsers, with a Content-Security-Policy
 * of its own origin. Its numbers all come from the JSON API.
 */
@Configuration(proxyBeanMethods = false)
class ExplorerConfiguration implements WebMvcConfigurer {

    /**
     * The page's Content-Security-Policy: it loads its script, style and data from this origin
     * only, and nothing may frame it.
     */
    static final String POLICY = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
            + "form-action 'none'; frame-ancestors 'none'";

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                response.setHeader("Content-Security-Policy", POLICY);
                return true;
            }
        }).addPathPatterns("/explore", "/explore.html");
    }

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        // An explicit status makes the Location header relative, as it is sent (not made absolute by Tomcat).
        registry.addRedirectViewController("/", "/explore").setStatusCode(HttpStatus.FOUND);
        registry.addRedirectViewController("/explore/", "/explore").setStatusCode(HttpStatus.FOUND);
        // A forward, not a redirect: the page's relative links (explore/..., softmax) resolve from the root.
        registry.addViewController("/explore").setViewName("forward:/explore.html");
    }
}
