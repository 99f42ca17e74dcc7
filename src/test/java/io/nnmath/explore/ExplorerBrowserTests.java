package io.nnmath.explore;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.nnmath.HeadlessChromium;
import io.nnmath.TestHttp;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The explorer (/explore) in a real headless Chromium: each panel is driven with the keyboard, as a
 * learner would, and what it draws is compared with what the API itself answers for the same
 * question, asked here. Each panel's picture is saved under target/ (explorer-*.png at a laptop's
 * width, explorer-*-phone.png at a phone's).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EnabledIf(value = "io.nnmath.HeadlessChromium#installedOrOnCi", disabledReason = "no /usr/bin/chromium or /usr/bin/chromedriver")
class ExplorerBrowserTests {

    static final Duration UI_TIMEOUT = Duration.ofSeconds(30);
    static final List<String> PANELS = List.of("softmax", "loss", "gradient", "rnn", "network");
    static final String SPECIES = "[\"Setosa\",\"Versicolor\",\"Virginica\"]";
    static final String IRIS_LOGITS = "[1.43,-0.4,0.23]";
    /** Bar heights against their values: whole pixels' rounding in the browser's layout. */
    static final double PIXELS = 0.5;
    /**
     * The page's number and the one asked here, relative: the same request can be answered a few ulp
     * apart once the server's code is compiled (an RNN's norms move by about 1e-15), and the page
     * writes -0.0 as 0.
     */
    static final double RELATIVE = 1e-12;

    @LocalServerPort
    int port;

    @TempDir
    Path profile;

    ChromeDriver driver;
    WebDriverWait wait;
    TestHttp http;

    @BeforeAll
    static void requireBrowser() {
        HeadlessChromium.requireOnCi();
    }

    @BeforeEach
    void startBrowser() {
        driver = HeadlessChromium.start(profile, 1280, 1000);
        wait = new WebDriverWait(driver, UI_TIMEOUT);
        http = new TestHttp(port);
    }

    @AfterEach
    void quit() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void theTemperatureSliderShowsWhatSoftmaxAnswersForThatTemperature() throws IOException {
        open();
        assertBarsAre("softmax-chart", http.post("/softmax", softmaxRequest("1")).json(), "probabilities");

        WebElement slider = driver.findElement(By.id("temperature"));
        for (int i = 0; i < 6; i++) {
            slider.sendKeys(Keys.ARROW_RIGHT); // log10 T from 0 to 0.3, one step of 0.05 a key
        }
        settled("softmax", "temperature", "2");
        assertThat(text("temperature-value")).isEqualTo("2");
        JsonNode atTwo = http.post("/softmax", softmaxRequest("2")).json();
        assertBarsAre("softmax-chart", atTwo, "probabilities");
        assertThat(text("softmax-caption")).contains("prediction is " + atTwo.path("predictedClass").asString());

        slider.sendKeys(Keys.HOME); // T = 0.1: nearly all the probability on the top class
        settled("softmax", "temperature", "0.1");
        assertBarsAre("softmax-chart", http.post("/softmax", softmaxRequest("0.1")).json(), "probabilities");

        driver.findElement(By.id("log-softmax")).sendKeys(Keys.SPACE);
        settled("softmax", "log", "true");
        assertBarsAre("softmax-chart", http.post("/log-softmax", softmaxRequest("0.1")).json(), "logProbabilities");
        assertThat(driver.findElement(By.cssSelector("#softmax-chart .label")).getText()).contains("nats");
        panelScreenshot("softmax", "explorer-softmax.png");
    }

    @Test
    void anApiProblemShowsItsDetailOnThePage() throws IOException {
        open();
        WebElement setosa = driver.findElement(By.id("logit-0"));
        setosa.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        String detail = http.post("/softmax", "{\"logits\":[null,-0.4,0.23],\"temperature\":1,\"classNames\":"
                + SPECIES + "}").json().path("detail").asString();
        assertThat(detail).contains("/logits/0");
        WebElement problem = driver.findElement(By.cssSelector("#softmax .problem"));
        wait.until(d -> problem.isDisplayed());
        assertThat(problem.getText()).isEqualTo("The API answered 400: " + detail);
        assertThat(section("softmax").getDomAttribute("data-state")).isEqualTo("problem");
        panelScreenshot("softmax", "explorer-problem.png");

        setosa.sendKeys("1.43");
        wait.until(d -> "ready".equals(section("softmax").getDomAttribute("data-state")));
        assertThat(problem.isDisplayed()).isFalse();
    }

    @Test
    void theLossCurvesAreTheComparisonOverAGridAndTheSliderMovesThePoint() throws IOException {
        open();
        for (String chart : new String[] {"loss-chart", "slope-chart"}) {
            List<Double> grid = numbers(chart, "path.line.cross-entropy", "data-x");
            assertThat(grid).hasSize(100).startsWith(0.01).endsWith(1.0);
            JsonNode compare = http.post("/loss/compare", twoClassRows(grid)).json();
            boolean slopes = chart.equals("slope-chart");
            assertNumbers(numbers(chart, "path.line.cross-entropy", "data-y"),
                    doubles(compare.path(slopes ? "crossEntropySlope" : "crossEntropy")), chart + " cross-entropy");
            assertNumbers(numbers(chart, "path.line.squared-error", "data-y"),
                    doubles(compare.path(slopes ? "squaredErrorSlope" : "squaredError")), chart + " squared error");
        }
        JsonNode seed = http.post("/loss/compare", "{\"probabilities\":[0.57,0.31,0.12],\"target\":0}").json();
        assertPointIs(seed, "0.57");
        assertThat(text("loss-readout")).contains("0.5621", "0.1849", "Versicolor 0.31", "Virginica 0.12");

        WebElement slider = driver.findElement(By.id("true-probability"));
        for (int i = 0; i < 37; i++) {
            slider.sendKeys(Keys.ARROW_LEFT);
        }
        settled("loss", "p", "0.2");
        assertPointIs(http.post("/loss/compare", "{\"probabilities\":[0.2,0.8],\"target\":0}").json(), "0.2");
        panelScreenshot("loss", "explorer-loss.png");
    }

    @Test
    void theGradientIsPMinusYForTheChosenClassAndTheJacobianIsAHeatMap() throws IOException {
        open();
        WebElement target = driver.findElement(By.id("target-class"));
        target.sendKeys(Keys.ARROW_DOWN);
        target.sendKeys(Keys.ARROW_DOWN);
        settled("gradient", "target", "2");
        JsonNode virginica = http.post("/gradient/cross-entropy", "{\"logits\":" + IRIS_LOGITS + ",\"target\":2}").json();
        List<Double> bars = numbers("gradient-chart", "rect.bar", "data-value");
        assertNumbers(bars, doubles(virginica.path("gradient")), "p - y");
        assertThat(numbers("gradient-chart", "rect.bar.marked", "data-value")).containsExactly(bars.get(2));
        assertThat(bars.get(2)).isNegative();

        JsonNode jacobian = http.post("/gradient/softmax", "{\"logits\":" + IRIS_LOGITS + "}").json().path("jacobian");
        List<WebElement> cells = driver.findElements(By.cssSelector("#jacobian-chart rect.cell"));
        assertThat(cells).hasSize(9);
        for (WebElement cell : cells) {
            JsonNode expected = jacobian.path(Integer.parseInt(cell.getDomAttribute("data-row")))
                    .path(Integer.parseInt(cell.getDomAttribute("data-column")));
            assertNumbers(List.of(Double.parseDouble(cell.getDomAttribute("data-value"))), List.of(expected.asDouble()),
                    "a Jacobian cell");
            int[] rgb = rgb(cell.getDomAttribute("fill"));
            assertThat(expected.asDouble() > 0 ? rgb[0] > rgb[2] : rgb[2] > rgb[0])
                    .as("red for positive, blue for negative: %s at %s", cell.getDomAttribute("fill"), expected)
                    .isTrue();
        }
        panelScreenshot("gradient", "explorer-gradient.png");
    }

    @Test
    void theSequenceLengthSliderPlotsTheNormsThatRnnBackwardAnswers() throws IOException {
        open();
        JsonNode weights = http.send(HttpRequest.newBuilder(http.uri("/explore/recurrent-weights.json")).GET()).json();
        assertPlottedNorms(weights, 60);

        WebElement slider = driver.findElement(By.id("sequence-length"));
        for (int i = 0; i < 20; i++) {
            slider.sendKeys(Keys.ARROW_LEFT);
        }
        settled("rnn", "steps", "40");
        Map<String, List<Double>> norms = assertPlottedNorms(weights, 40);
        // What the panel's text claims: the tanh RNN's gradient vanishes, the gated cells' much less.
        assertThat(norms.get("rnn").getFirst()).isLessThan(1e-3 * norms.get("rnn").getLast());
        assertThat(norms.get("lstm").getFirst()).isGreaterThan(1e3 * norms.get("rnn").getFirst());
        assertThat(norms.get("gru").getFirst()).isGreaterThan(1e3 * norms.get("rnn").getFirst());
        panelScreenshot("rnn", "explorer-rnn.png");
    }

    @Test
    void theIrisNetworkNamesTheSpeciesThatNetworkForwardPredicts() throws IOException {
        open();
        assertNetworkShows("0.04", "0.42");
        assertThat(text("network-readout")).contains("predicts Setosa");

        driver.findElement(By.id("petal-width")).sendKeys(Keys.END);
        settled("network", "inputs", "[1,0.42]");
        assertThat(assertNetworkShows("1", "0.42")).isEqualTo("Virginica");
        panelScreenshot("network", "explorer-network.png");
    }

    @Test
    void everyControlIsLabelledAndReachedWithTheTabKey() {
        open();
        List<WebElement> controls = driver.findElements(By.cssSelector("main input, main select"));
        assertThat(controls).hasSize(10);
        List<String> ids = new ArrayList<>();
        for (WebElement control : controls) {
            String id = control.getDomAttribute("id");
            ids.add(id);
            assertThat(driver.findElement(By.cssSelector("label[for='" + id + "']")).getText()).as(id).isNotBlank();
        }
        driver.findElement(By.id("softmax-title")).click();
        List<String> reached = new ArrayList<>();
        for (int i = 0; i < 40 && !reached.containsAll(ids); i++) {
            driver.switchTo().activeElement().sendKeys(Keys.TAB);
            reached.add(driver.switchTo().activeElement().getDomAttribute("id"));
        }
        assertThat(reached).containsAll(ids);
    }

    @Test
    void atAPhoneWidthNothingIsWiderThanTheScreen() throws IOException {
        HeadlessChromium.emulatePhone(driver, 390, 844);
        open();
        Number innerWidth = (Number) driver.executeScript("return window.innerWidth");
        assertThat(innerWidth.intValue()).isEqualTo(390);
        Number scrollWidth = (Number) driver.executeScript("return document.documentElement.scrollWidth");
        assertThat(scrollWidth.intValue()).isLessThanOrEqualTo(390);
        for (WebElement chart : driver.findElements(By.cssSelector("svg.chart"))) {
            Number right = (Number) driver.executeScript("return arguments[0].getBoundingClientRect().right", chart);
            assertThat(right.doubleValue()).as(chart.getDomAttribute("id")).isLessThanOrEqualTo(390);
        }
        for (String panel : PANELS) {
            panelScreenshot(panel, "explorer-" + panel + "-phone.png");
        }
    }

    /** What the browser really loaded; ExplorerRoutesTests reads the files themselves for other hosts. */
    @Test
    void thePageLoadsNothingFromAnotherHost() {
        open();
        driver.findElement(By.id("sequence-length")).sendKeys(Keys.ARROW_LEFT);
        settled("rnn", "steps", "59");
        String origin = "http://localhost:" + port + "/";
        @SuppressWarnings("unchecked")
        List<String> loaded = (List<String>) driver.executeScript("return performance.getEntries()"
                + ".filter(e => e.entryType === 'navigation' || e.entryType === 'resource').map(e => e.name)");
        assertThat(loaded).allSatisfy(url -> assertThat(url).startsWith(origin))
                .contains(origin + "explore", origin + "explore/explorer.js", origin + "explore/explorer.css",
                        origin + "explore/recurrent-weights.json", origin + "softmax", origin + "rnn/backward");
    }

    // ---- The page ----

    void open() {
        driver.get("http://localhost:" + port + "/");
        assertThat(driver.getCurrentUrl()).isEqualTo("http://localhost:" + port + "/explore");
        for (String panel : PANELS) {
            wait.withMessage(() -> panel + " never drew: " + section(panel).getText())
                    .until(d -> "ready".equals(section(panel).getDomAttribute("data-state")));
        }
    }

    WebElement section(String panel) {
        return driver.findElement(By.id(panel));
    }

    /** Waits until the panel has drawn the answer to its latest request, which was asked with this value. */
    void settled(String panel, String key, String value) {
        wait.withMessage(() -> panel + " never showed " + key + " = " + value + ": "
                + section(panel).getDomAttribute("data-" + key)).until(d -> {
                    WebElement section = section(panel);
                    return "ready".equals(section.getDomAttribute("data-state"))
                            && "false".equals(section.getDomAttribute("aria-busy"))
                            && value.equals(section.getDomAttribute("data-" + key));
                });
    }

    String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    /** The numbers that the page keeps in one attribute of the matching shapes, or in one JSON array attribute. */
    List<Double> numbers(String chart, String selector, String attribute) {
        List<WebElement> shapes = driver.findElements(By.cssSelector("#" + chart + " " + selector));
        assertThat(shapes).as("%s in #%s", selector, chart).isNotEmpty();
        if (shapes.size() == 1 && shapes.getFirst().getDomAttribute(attribute).startsWith("[")) {
            return doubles(TestHttp.JSON.readTree(shapes.getFirst().getDomAttribute(attribute)));
        }
        return shapes.stream().map(shape -> Double.parseDouble(shape.getDomAttribute(attribute))).toList();
    }

    void panelScreenshot(String panel, String file) throws IOException {
        HeadlessChromium.screenshot(driver, section(panel), Path.of("target", file));
    }

    // ---- What each panel must show ----

    String softmaxRequest(String temperature) {
        return "{\"logits\":" + IRIS_LOGITS + ",\"temperature\":" + temperature + ",\"classNames\":" + SPECIES + "}";
    }

    /** The bars carry the answer's numbers, the argmax is the marked bar, and the heights are in proportion. */
    void assertBarsAre(String chart, JsonNode answer, String field) {
        List<Double> expected = doubles(answer.path(field));
        assertNumbers(numbers(chart, "rect.bar", "data-value"), expected, chart);
        int argmax = answer.path("argmax").asInt();
        assertNumbers(numbers(chart, "rect.bar.marked", "data-value"), List.of(expected.get(argmax)), "the argmax");
        List<WebElement> bars = driver.findElements(By.cssSelector("#" + chart + " rect.bar"));
        int longest = 0;
        for (int i = 1; i < expected.size(); i++) {
            longest = Math.abs(expected.get(i)) > Math.abs(expected.get(longest)) ? i : longest;
        }
        double perUnit = Double.parseDouble(bars.get(longest).getDomAttribute("height")) / Math.abs(expected.get(longest));
        for (int i = 0; i < bars.size(); i++) {
            assertThat(Double.parseDouble(bars.get(i).getDomAttribute("height")))
                    .as("the height of bar %d", i).isCloseTo(Math.max(Math.abs(expected.get(i)) * perUnit, 1), within(PIXELS));
        }
    }

    /** /loss/compare depends on the true class's probability only: rows [p, 1 - p] with target 0. */
    static String twoClassRows(List<Double> grid) {
        ArrayNode rows = TestHttp.JSON.createArrayNode();
        ArrayNode targets = TestHttp.JSON.createArrayNode();
        for (double p : grid) {
            rows.addArray().add(p).add(1 - p);
            targets.add(0);
        }
        ObjectNode request = TestHttp.JSON.createObjectNode();
        request.set("probabilities", rows);
        request.set("target", targets);
        return TestHttp.JSON.writeValueAsString(request);
    }

    void assertPointIs(JsonNode compare, String p) {
        for (String[] point : new String[][] {{"loss-chart", "cross-entropy", "crossEntropy"},
                {"loss-chart", "squared-error", "squaredError"}, {"slope-chart", "cross-entropy", "crossEntropySlope"},
                {"slope-chart", "squared-error", "squaredErrorSlope"}}) {
            assertNumbers(numbers(point[0], "circle.point." + point[1], "data-value"),
                    List.of(compare.path(point[2]).asDouble()), "the point's " + point[2]);
        }
        assertThat(numbers("loss-chart", "circle.point", "data-x")).containsOnly(Double.parseDouble(p));
    }

    /**
     * Each cell's points are /rnn/backward's hiddenGradientNorms for the first {@code steps} inputs,
     * targets 0 but the last (1), summed; a larger norm is drawn higher (the log axis keeps the order).
     */
    Map<String, List<Double>> assertPlottedNorms(JsonNode weights, int steps) {
        Map<String, List<Double>> plotted = new java.util.LinkedHashMap<>();
        for (String cell : List.of("rnn", "lstm", "gru")) {
            ObjectNode request = TestHttp.JSON.createObjectNode();
            request.put("cell", cell);
            request.set("layers", weights.path(cell).path("layers"));
            request.set("output", weights.path(cell).path("output"));
            ArrayNode inputs = request.putArray("inputs");
            ArrayNode targets = request.putArray("targets");
            for (int t = 0; t < steps; t++) {
                inputs.add(weights.path("inputs").path(t));
                targets.add(t == steps - 1 ? 1 : 0);
            }
            request.put("reduction", "sum");
            TestHttp.Answer answer = http.post("/rnn/backward", request);
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            List<Double> expected = doubles(answer.json().path("hiddenGradientNorms"));

            List<WebElement> points = driver.findElements(By.cssSelector("#rnn-chart circle.point." + cell));
            assertNumbers(points.stream().map(p -> Double.parseDouble(p.getDomAttribute("data-value"))).toList(),
                    expected, cell);
            assertThat(points.stream().map(p -> Double.parseDouble(p.getDomAttribute("data-x"))).toList())
                    .isEqualTo(java.util.stream.IntStream.rangeClosed(1, steps).mapToObj(t -> (double) t).toList());
            List<Double> heights = points.stream().map(p -> Double.parseDouble(p.getDomAttribute("cy"))).toList();
            for (int t = 1; t < steps; t++) {
                assertThat(Double.compare(heights.get(t), heights.get(t - 1)))
                        .as("%s step %d drawn above or below step %d", cell, t + 1, t)
                        .isEqualTo(-Double.compare(expected.get(t), expected.get(t - 1)));
            }
            plotted.put(cell, expected);
        }
        return plotted;
    }

    /** The raw outputs and probabilities are /network/forward's; returns the species the page names. */
    String assertNetworkShows(String petal, String sepal) {
        JsonNode answer = http.post("/network/forward", "{\"inputs\":[" + petal + "," + sepal + "],\"layers\":["
                + "{\"weight\":[[-2.5,0.6],[-1.5,0.4]],\"bias\":[1.6,0.7],\"activation\":\"relu\"},"
                + "{\"weight\":[[-0.1,1.5],[2.4,-5.2],[-2.2,3.7]],\"bias\":[0,0,1]}],"
                + "\"softmax\":true,\"classNames\":" + SPECIES + "}").json();
        assertNumbers(numbers("scores-chart", "rect.bar", "data-value"), doubles(answer.path("outputs")), "raw outputs");
        assertBarsAre("species-chart", answer, "probabilities");
        String species = answer.path("predictedClass").asString();
        assertThat(text("network-readout")).contains("predicts " + species);
        return species;
    }

    static void assertNumbers(List<Double> shown, List<Double> answered, String what) {
        assertThat(shown).as("%s: %s against the API's %s", what, shown, answered).hasSameSizeAs(answered);
        for (int i = 0; i < shown.size(); i++) {
            assertThat(shown.get(i)).as("%s [%d]", what, i)
                    .isCloseTo(answered.get(i), within(RELATIVE * Math.abs(answered.get(i))));
        }
    }

    static List<Double> doubles(JsonNode array) {
        List<Double> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asDouble()));
        return values;
    }

    static int[] rgb(String css) {
        String[] parts = css.replaceAll("[^0-9,]", "").split(",");
        return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2])};
    }
}
