package io.nnmath.explore;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.nnmath.TestHttp;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The explorer's files over plain HTTP, without a browser: / leads to /explore, the page and what it
 * loads are served with their types, and none of them names another host.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ExplorerRoutesTests {

    /** Everything the page loads: itself, its script and style, and the RNN weights its script fetches. */
    static final List<String> PAGE_FILES = List.of("/explore", "/explore/explorer.js", "/explore/explorer.css",
            "/explore/recurrent-weights.json");

    /** A src or href attribute, in HTML or built by the script. */
    static final Pattern LINK = Pattern.compile("(?:src|href)\\s*=\\s*\"([^\"]*)\"");

    @LocalServerPort
    int port;

    TestHttp.Answer get(String path) {
        TestHttp http = new TestHttp(port);
        return http.send(HttpRequest.newBuilder(http.uri(path)).GET());
    }

    @Test
    void theRootAndATrailingSlashLeadToTheExplorer() {
        for (String path : new String[] {"/", "/explore/"}) {
            TestHttp.Answer answer = get(path);
            assertThat(answer.status()).as(path).isEqualTo(302);
            assertThat(answer.headers().firstValue("Location")).as(path).hasValue("/explore");
        }
    }

    @Test
    void theExplorerAndItsFilesAreServedWithTheirTypes() {
        TestHttp.Answer page = get("/explore");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("explore/explorer.js", "explore/explorer.css");
        // the browser tests load the page under this policy, so it is one that the page keeps
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(
                "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; "
                        + "frame-ancestors 'none'");
        assertThat(get("/explore/explorer.js").contentType()).startsWith("text/javascript");
        assertThat(get("/explore/explorer.css").contentType()).startsWith("text/css");
        TestHttp.Answer weights = get("/explore/recurrent-weights.json");
        assertThat(weights.contentType()).startsWith("application/json");
        for (String cell : List.of("rnn", "lstm", "gru")) {
            assertThat(weights.json().path(cell).path("layers").isArray()).as(cell).isTrue();
        }
        assertThat(weights.json().path("inputs").size()).isEqualTo(60);
    }

    /**
     * No absolute URL (any scheme://), no http: or https: at all, no protocol-relative //host in a
     * string, an attribute or a CSS url(), and every src and href a path on this server, a
     * fragment or data:. (ExplorerBrowserTests checks what the browser really loaded.)
     */
    @Test
    void nothingThePageLoadsNamesAnotherHost() {
        for (String path : PAGE_FILES) {
            TestHttp.Answer file = get(path);
            assertThat(file.status()).as(path).isEqualTo(200);
            String text = file.body();
            assertThat(text).as(path).doesNotContainPattern("(?i)[a-z][a-z0-9+.-]*://")
                    .doesNotContainPattern("(?i)https?:")
                    .doesNotContainPattern("[\"'`(=]\\s*//");
            Matcher links = LINK.matcher(text);
            while (links.find()) {
                assertThat(links.group(1)).as("a link in %s", path).matches("(?!//)[^:]*|data:.*|#.*");
            }
        }
    }
}
