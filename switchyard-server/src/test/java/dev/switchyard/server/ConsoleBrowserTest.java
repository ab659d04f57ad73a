package dev.switchyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.simulator.Script;
import java.net.http.HttpResponse;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The console in headless Chromium against a gateway seeded with two weeks of ledger rows and real requests through
 * the simulator: every page loads; the charts hold the numbers plain SQL finds in the ledger (read back from the
 * ECharts instances); a key created in the UI serves inference; the playground streams a reply with its routing
 * explanation; the language switches to Simplified Chinese; and an empty gateway shows empty states, not errors.
 * Screenshots of each page land in target/console-screenshots/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {

    @RegisterExtension
    static final TestGateway env = TestGateway.perClass(b -> b.wallClock(() -> ConsoleSeeds.NOW)
            .deadline("first_byte", java.time.Duration.ofSeconds(10))); // a loaded machine, not what is tested

    static final String STREAMED = "Switchyard streams this reply one word at a time so the playground can show it"
            + " arriving piece by piece";

    private ConsoleBrowser browser;
    private String newKey;

    @BeforeAll
    void seedAndOpen() throws Exception {
        env.gateway.store().append(ConsoleSeeds.rows(150));
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> r = env.post("/v1/chat/completions",
                    "{\"model\":\"test/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"seed " + i + "\"}]}",
                    "x-title", "browser-seed-app");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            env.generation(r.headers().firstValue("x-generation-id").orElseThrow());
        }
        browser = ConsoleBrowser.start();
        signIn(browser, env);
    }

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    static void signIn(ConsoleBrowser b, TestGateway gw) throws Exception {
        b.driver.get(gw.baseUrl() + "/");
        b.await("the login form", d -> d.findElement(By.id("login")).isDisplayed());
        assertThat(b.driver.getCurrentUrl()).endsWith("/console/");
        b.screenshot("login");
        b.driver.findElement(By.id("admin-key")).sendKeys(gw.adminSecret());
        b.driver.findElement(By.cssSelector("#login-form button")).click();
        b.awaitPage("overview");
    }

    @SuppressWarnings("unchecked")
    private List<Number> chartSeries(String chart, int series) {
        return (List<Number>) browser.js("return window.__charts[arguments[0]].getOption().series[arguments[1]].data",
                chart, series);
    }

    private static long sum(List<Number> values) {
        return values.stream().filter(v -> v != null).mapToLong(Number::longValue).sum();
    }

    @Test
    @Order(1)
    void overviewChartsHoldTheLedgersNumbers() throws Exception {
        browser.open(env.baseUrl(), "overview");
        new Select(browser.driver.findElement(By.cssSelector("[data-testid=window]"))).selectByValue("7d");
        browser.awaitPage("overview");
        long to = Instant.parse("2026-11-15T13:00:00Z").toEpochMilli();
        long from = to - 7 * 86_400_000L;
        String where = " FROM generations WHERE created_at_ms >= " + from + " AND created_at_ms < " + to;
        long requests = ConsoleSeeds.scalar(env, "SELECT COUNT(*)" + where);
        assertThat(requests).isGreaterThan(100);
        assertThat(sum(chartSeries("requests", 0))).isEqualTo(requests);
        assertThat(sum(chartSeries("requests", 1))).isEqualTo(ConsoleSeeds.scalar(env,
                "SELECT COUNT(*)" + where + " AND status >= 400"));
        assertThat(sum(chartSeries("tokens", 0))).isEqualTo(ConsoleSeeds.scalar(env, "SELECT SUM(prompt_tokens)" + where));
        assertThat(sum(chartSeries("tokens", 1))).isEqualTo(ConsoleSeeds.scalar(env,
                "SELECT SUM(completion_tokens)" + where));
        double cost = chartSeries("cost", 0).stream().mapToDouble(Number::doubleValue).sum();
        assertThat(cost).isCloseTo(ConsoleSeeds.scalar(env, "SELECT SUM(cost_total_picos)" + where) / 1e12,
                org.assertj.core.data.Offset.offset(1e-6));
        assertThat(browser.text("[data-testid=total-requests]").replace(",", "")).isEqualTo(Long.toString(requests));
        assertThat(browser.all("table[data-testid=table] tbody tr")).isNotEmpty();
        assertThat(browser.text("table[data-testid=table] tbody tr td")).isEqualTo("deepseek/deepseek-chat");
        browser.screenshot("overview");
    }

    @Test
    @Order(2)
    @SuppressWarnings("unchecked")
    void rankingsChartHoldsTheWeeksShares() throws Exception {
        browser.open(env.baseUrl(), "rankings");
        long weekEnd = ConsoleSeeds.WEEK2 + ConsoleSeeds.WEEK_MILLIS;
        Map<String, Long> tokens = new HashMap<>();
        ConsoleSeeds.sql(env, s -> {
            try (ResultSet rs = s.executeQuery("SELECT vendor, SUM(prompt_tokens + completion_tokens) FROM generations"
                    + " WHERE created_at_ms >= " + ConsoleSeeds.WEEK2 + " AND created_at_ms < " + weekEnd
                    + " GROUP BY vendor")) {
                while (rs.next()) {
                    tokens.put(rs.getString(1), rs.getLong(2));
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        long total = tokens.values().stream().mapToLong(Long::longValue).sum();
        List<List<Object>> drawn = (List<List<Object>>) browser.js("return window.__charts.rankings.getOption()"
                + ".series.map(s => [s.name, s.data[s.data.length - 1], (s.markPoint && s.markPoint.data || []).length])");
        assertThat(drawn).hasSize(tokens.size());
        for (List<Object> s : drawn) {
            String vendor = (String) s.get(0);
            double expected = Math.round(10000.0 * tokens.get(vendor) / total) / 100.0;
            assertThat(((Number) s.get(1)).doubleValue()).as(vendor).isCloseTo(expected,
                    org.assertj.core.data.Offset.offset(0.001));
            if (vendor.equals("deepseek")) {
                assertThat(((Number) s.get(2)).intValue()).as("the overtake marker").isGreaterThanOrEqualTo(1);
            }
        }
        assertThat(browser.text("[data-testid=overtakes]")).contains("deepseek", "openai");
        browser.screenshot("rankings");
        new Select(browser.driver.findElement(By.cssSelector("[data-testid=by]"))).selectByValue("openness");
        browser.awaitPage("rankings");
        List<String> names = (List<String>) browser.js("return window.__charts.rankings.getOption().series.map(s => s.name)");
        assertThat(names).contains("open", "proprietary");
        browser.screenshot("rankings-openness");
    }

    @Test
    @Order(3)
    void modelsAndEndpointsShowHealth() throws Exception {
        browser.open(env.baseUrl(), "models");
        WebElement echo = browser.driver.findElement(By.cssSelector("tr[data-model='test/echo']"));
        assertThat(echo.getText()).contains("test/echo", "1,000,000", "$1");
        assertThat(browser.driver.findElement(By.cssSelector("tr[data-endpoint^='test/echo']")).getText())
                .contains("sim", "healthy");
        browser.screenshot("models");
    }

    @Test
    @Order(4)
    void requestsExplorerShowsOneRequestInFull() throws Exception {
        browser.open(env.baseUrl(), "requests");
        List<WebElement> rows = browser.all("table[data-testid=table] tbody tr");
        assertThat(rows).hasSize(50);
        WebElement filters = browser.driver.findElement(By.cssSelector("[data-testid=request-filters]"));
        filters.findElement(By.name("status")).sendKeys("5xx");
        filters.findElement(By.name("model")).sendKeys("deepseek/deepseek-chat");
        filters.findElement(By.cssSelector("button")).click();
        long expected = ConsoleSeeds.scalar(env, "SELECT COUNT(*) FROM generations WHERE status BETWEEN 500 AND 599"
                + " AND CASE WHEN model_served = '' THEN model_requested ELSE model_served END = 'deepseek/deepseek-chat'");
        browser.await("the filtered list", d -> browser.all("table[data-testid=table] tbody tr").size() == expected);
        browser.all("table[data-testid=table] tbody tr").get(0).click();
        browser.await("the detail", d -> !browser.all("[data-testid=detail-cost]").isEmpty());
        String detail = browser.text("[data-testid=request-detail]");
        assertThat(detail).contains("502", "backup", "http_502");
        assertThat(browser.text("[data-testid=bodies-note]")).contains("body logging is off");
        browser.screenshot("requests");
    }

    @Test
    @Order(5)
    void aKeyCreatedInTheUiServesInference() throws Exception {
        browser.open(env.baseUrl(), "keys");
        browser.driver.findElement(By.cssSelector("[data-testid=key-name]")).sendKeys("made in the browser");
        browser.driver.findElement(By.cssSelector("[data-testid=create-key] input[name=limit]")).sendKeys("5");
        browser.driver.findElement(By.cssSelector("[data-testid=create-key-submit]")).click();
        browser.await("the new secret", d -> !browser.all("[data-testid=new-secret]").isEmpty());
        newKey = browser.text("[data-testid=new-secret]");
        assertThat(newKey).startsWith("sk-swy-");
        HttpResponse<String> r = env.post("/v1/chat/completions",
                "{\"model\":\"test/echo\",\"messages\":[{\"role\":\"user\",\"content\":\"from a console key\"}]}",
                "authorization", "Bearer " + newKey);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        browser.driver.findElement(By.xpath("//button[text()='Done']")).click();
        browser.awaitPage("keys");
        String secretPart = newKey.substring(19);
        assertThat(browser.driver.getPageSource()).doesNotContain(secretPart).contains("made in the browser");
        assertThat(browser.text("table[data-testid=keys]")).contains("made in the browser", "$5");
        browser.screenshot("keys");
    }

    @Test
    @Order(6)
    void appsShowUsageByApp() throws Exception {
        browser.open(env.baseUrl(), "apps");
        Map<String, Long> tokens = new HashMap<>();
        long from = Instant.parse("2026-11-15T13:00:00Z").toEpochMilli() - 30 * 86_400_000L;
        ConsoleSeeds.sql(env, s -> {
            try (ResultSet rs = s.executeQuery("SELECT app, SUM(prompt_tokens + completion_tokens) FROM generations"
                    + " WHERE created_at_ms >= " + from + " GROUP BY app")) {
                while (rs.next()) {
                    tokens.put(rs.getString(1), rs.getLong(2));
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        @SuppressWarnings("unchecked")
        List<Object> apps = (List<Object>) browser.js("return window.__charts.apps.getOption().yAxis[0].data");
        List<Number> values = chartSeries("apps", 0);
        assertThat(apps).contains("ledger-app-one", "browser-seed-app");
        for (int i = 0; i < apps.size(); i++) {
            String app = apps.get(i).equals("(no app header)") ? "" : (String) apps.get(i);
            assertThat(values.get(i).longValue()).as(app).isEqualTo(tokens.get(app));
        }
        browser.screenshot("apps");
    }

    @Test
    @Order(7)
    void playgroundStreamsAReplyWithItsRoutingExplanation() throws Exception {
        env.simulator.script("sim-echo", Script.builder().text(STREAMED).tokensPerSecond(60).build());
        try {
            browser.open(env.baseUrl(), "playground");
            browser.driver.findElement(By.cssSelector("[data-testid=play-key]")).sendKeys(newKey);
            new Select(browser.driver.findElement(By.cssSelector("[data-testid=play-model]"))).selectByValue("test/echo");
            browser.driver.findElement(By.cssSelector("[data-testid=play-send]")).click();
            browser.await("the end of the stream", d -> "done".equals(browser.js(
                    "return document.querySelector('[data-testid=play-status]').dataset.state")));
            assertThat(browser.text("[data-testid=play-output]")).isEqualTo(STREAMED);
            Object chunks = browser.js("return Number(document.querySelector('[data-testid=play-output]').dataset.chunks)");
            assertThat(((Number) chunks).intValue()).isGreaterThan(5);
            // the reply was shown as it arrived: after the first delta the page held only its first words
            Object first = browser.js("return document.querySelector('[data-testid=play-output]').dataset.first");
            assertThat(STREAMED).startsWith((String) first);
            assertThat(((String) first).length()).isLessThan(STREAMED.length() / 2);
            assertThat(browser.text("[data-testid=explain-headers]")).contains("x-switchyard-provider", "sim",
                    "x-switchyard-model", "test/echo");
            browser.await("the ledger's record", d -> !browser.all("[data-testid=play-cost]").isEmpty());
            browser.screenshot("playground");
        } finally {
            env.simulator.script("sim-echo", Script.DEFAULT);
        }
    }

    @Test
    @Order(8)
    void simplifiedChineseIsOneSwitchAway() throws Exception {
        browser.open(env.baseUrl(), "overview");
        new Select(browser.driver.findElement(By.id("lang"))).selectByValue("zh-CN");
        browser.awaitPage("overview");
        assertThat(browser.text("#nav a[data-page=overview]")).isEqualTo("概览");
        assertThat(browser.text("#page h1")).isEqualTo("概览");
        assertThat(browser.js("return document.documentElement.lang")).isEqualTo("zh-CN");
        browser.screenshot("overview-zh-CN");
        browser.open(env.baseUrl(), "rankings");
        browser.screenshot("rankings-zh-CN");
        browser.driver.navigate().refresh();
        browser.awaitPage("rankings");
        assertThat(browser.text("#nav a[data-page=rankings]")).as("kept in localStorage").isEqualTo("排行");
        new Select(browser.driver.findElement(By.id("lang"))).selectByValue("en");
        browser.awaitPage("rankings");
        assertThat(browser.text("#nav a[data-page=rankings]")).isEqualTo("Rankings");
    }

    @Test
    @Order(9)
    void anEmptyGatewayShowsEmptyStatesOnEveryPage() throws Exception {
        try (TestGateway empty = new TestGateway(); ConsoleBrowser b = ConsoleBrowser.start()) {
            signIn(b, empty);
            for (String page : List.of("overview", "rankings", "models", "requests", "keys", "apps", "playground")) {
                b.open(empty.baseUrl(), page);
                if (!List.of("models", "playground", "keys").contains(page)) {
                    assertThat(b.all("[data-testid=empty]")).as(page).isNotEmpty();
                }
                if (page.equals("keys")) {
                    assertThat(b.text("table[data-testid=workspaces]")).contains("default");
                }
                b.screenshot("empty-" + page);
            }
        }
    }
}
