package io.nnmath.docs;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.nnmath.HeadlessChromium;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Swagger UI in a real (headless) Chromium ({@link HeadlessChromium}): the tags come in teaching
 * order, and POST /softmax is tried out with the Iris example and the live answer read off the page.
 * Each test's final page is saved under target/ (swagger-ui-*.png), whatever the outcome.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EnabledIf(value = "io.nnmath.HeadlessChromium#installedOrOnCi", disabledReason = "no /usr/bin/chromium or /usr/bin/chromedriver")
class SwaggerUiBrowserTests {

    /** Bounds every wait: Swagger UI loads its bundle and the spec, then renders with React. */
    static final Duration UI_TIMEOUT = Duration.ofSeconds(30);

    static final String IRIS_REQUEST =
            "{\"logits\":[1.43,-0.4,0.23],\"classNames\":[\"Setosa\",\"Versicolor\",\"Virginica\"]}";

    /**
     * The POST block whose path is exactly /softmax, not /log-softmax nor /gradient/softmax. The
     * text fallback drops the zero-width spaces Swagger UI puts before each '/' to allow line breaks.
     */
    static final By SOFTMAX_POST = By.xpath("//div[contains(concat(' ', @class, ' '), ' opblock-post ')]"
            + "[.//*[contains(concat(' ', @class, ' '), ' opblock-summary-path ')]"
            + "[@data-path='/softmax' or translate(normalize-space(.), '\u200b', '')='/softmax']]");

    /**
     * The answer the browser got, as opposed to the documented responses listed below it; tbody,
     * because the table's header row carries the same column classes ("Code", "Details").
     */
    static final By LIVE_STATUS = By.cssSelector(".live-responses-table tbody .response-col_status");
    static final By LIVE_BODY =
            By.cssSelector(".live-responses-table tbody .response-col_description .highlight-code");

    @LocalServerPort
    int port;

    @TempDir
    Path profile;

    ChromeDriver driver;
    WebDriverWait wait;
    /** Where the page goes at the end of each test, whatever its outcome. */
    Path screenshot;

    @BeforeAll
    static void requireBrowser() {
        HeadlessChromium.requireOnCi();
    }

    @BeforeEach
    void startBrowser() {
        driver = HeadlessChromium.start(profile, 1400, 2400);
        wait = new WebDriverWait(driver, UI_TIMEOUT);
    }

    /** The screenshot is taken here so that a failed run leaves one too, showing where it stopped. */
    @AfterEach
    void saveScreenshotAndQuit() throws IOException {
        if (driver == null) {
            return;
        }
        try {
            HeadlessChromium.screenshot(driver, screenshot);
        } finally {
            driver.quit();
        }
    }

    @Test
    void theTagsAreListedInTeachingOrder() {
        screenshot = Path.of("target", "swagger-ui-tags.png");
        driver.get("http://localhost:" + port + "/swagger-ui.html");
        wait.until(ExpectedConditions.visibilityOfElementLocated(SOFTMAX_POST));
        List<String> tags = driver.findElements(By.cssSelector(".opblock-tag-section .opblock-tag"))
                .stream().map(tag -> tag.getDomAttribute("data-tag")).toList();
        assertThat(tags).containsExactly("softmax", "loss", "gradient", "rnn", "network", "oip");
    }

    @Test
    void tryingOutSoftmaxWithTheIrisExampleShowsTheLiveAnswer() {
        screenshot = Path.of("target", "swagger-ui-softmax.png");
        driver.get("http://localhost:" + port + "/swagger-ui.html");
        WebElement operation = wait.until(ExpectedConditions.visibilityOfElementLocated(SOFTMAX_POST));

        clickWhenReady(operation, By.cssSelector(".opblock-summary-control"));
        // With springdoc's try-it-out-enabled the block opens in try-out mode and the button
        // reads "Cancel": clicking it then would leave try-out mode.
        WebElement tryOut = visible(operation, By.cssSelector(".try-out__btn"));
        if (!tryOut.getDomAttribute("class").contains("cancel")) {
            tryOut.click();
        }

        WebElement body = visible(operation, By.cssSelector("textarea.body-param__text"));
        replaceText(body, IRIS_REQUEST);
        assertThat(body.getDomProperty("value")).isEqualTo(IRIS_REQUEST);

        clickWhenReady(operation, By.cssSelector("button.execute"));

        // Any answer ends the wait, so that a wrong one fails with its status and body, not a timeout.
        WebElement answer = visible(operation, LIVE_BODY);
        scrollIntoView(answer);

        assertThat(operation.findElement(LIVE_STATUS).getText()).as(answer.getText()).startsWith("200");
        assertThat(answer.getText()).contains("probabilities", "0.684178", "Setosa");
    }

    /** Waits for the element to be rendered inside the block (React adds it after a click). */
    WebElement visible(WebElement within, By locator) {
        return wait.withMessage(() -> locator + " in the POST /softmax block").until(d -> {
            WebElement found = within.findElement(locator);
            return found.isDisplayed() ? found : null;
        });
    }

    void clickWhenReady(WebElement within, By locator) {
        WebElement button = visible(within, locator);
        wait.until(ExpectedConditions.elementToBeClickable(button)).click();
    }

    /**
     * Select-all and type, rather than clear(): the textarea is a React-controlled input, and
     * keystrokes are what update the state that Execute sends.
     */
    static void replaceText(WebElement field, String text) {
        field.click();
        field.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        field.sendKeys(text);
    }

    /** The screenshot shows the viewport only: bring the answer into it. */
    void scrollIntoView(WebElement element) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
    }
}
