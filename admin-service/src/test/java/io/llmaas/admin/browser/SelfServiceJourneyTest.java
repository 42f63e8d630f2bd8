package io.llmaas.admin.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import io.llmaas.admin.testing.Platform;
import io.llmaas.admin.testing.PlatformProfile;
import io.llmaas.admin.testing.ServiceCalls;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The whole platform in real headless Chromium, as a new user and an admin would use it, with keys-service,
 * usage-service and a gateway running as processes: the admin adds an open and a restricted model; a new user logs in,
 * browses the catalog, subscribes to the open model and asks for the restricted one, creates a key and sees it exactly
 * once, calls the gateway with it (from this test, as a program would) and finds that call in "my usage", on the chart
 * and in the tables; the admin approves the pending subscription (the key can then call that model), restricts the
 * open model (the key no longer may), and finds these actions in the audit log. Screenshots of every main page go to
 * target/screenshots/.
 */
@QuarkusTest
@TestProfile(PlatformProfile.class)
class SelfServiceJourneyTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TestHTTPResource("/")
    URI base;

    @Test
    void aNewUserSubscribesCreatesAKeyCallsTheGatewayAndSeesTheCallWhileAnAdminApprovesRestrictsAndAudits() {
        String open = Platform.unique("chat");
        String locked = Platform.unique("secret-model");
        String developer = Platform.unique("newdev");
        try (Browser admin = new Browser(1440, 1400); Browser dev = new Browser(1440, 1400)) {
            admin.open(base.resolve("/admin/models").toString());
            logInAs(admin, "admin", "llmaas-admins");
            admin.waitFor(By.id("model-new"));
            addModel(admin, open, false);
            admin.screenshot("22-admin-model-detail");
            admin.click(By.cssSelector("[data-test-deployment]"));
            admin.waitFor(By.cssSelector("[data-test-result='reachable']"));
            addModel(admin, locked, true);
            admin.open(base.resolve("/admin/models").toString());
            admin.waitFor(By.cssSelector("tr[data-model='" + locked + "'] [data-testid='restricted']"));
            admin.screenshot("23-admin-models");

            dev.open(base.toString());
            logInAs(dev, developer, null);
            dev.waitFor(By.id("identity-card"));
            assertThat(navigation(dev)).containsExactly("Overview", "Models", "Subscriptions", "API keys", "Usage",
                    "Teams", "Call the gateway");
            dev.screenshot("30-overview-new-user");

            dev.click(By.cssSelector("a[data-nav=models]"));
            dev.waitFor(By.cssSelector("article[data-model='" + open + "']"));
            assertThat(dev.driver.findElement(By.cssSelector("article[data-model='" + locked + "']")).getText())
                    .contains("Restricted").contains("$1.00 / 1M tokens");
            dev.screenshot("31-catalog");
            dev.driver.findElement(By.id("catalog-search")).sendKeys(locked);
            dev.waitUntil(driver -> driver.findElements(By.cssSelector("article[data-model='" + open + "']"))
                    .isEmpty());
            dev.screenshot("32-catalog-search");

            dev.open(base.resolve("/models/" + open).toString());
            dev.click(By.id("subscribe-button"));
            dev.waitFor(By.id("notice"));
            assertThat(dev.driver.findElement(By.id("subscription-card")).getText()).contains("active");
            dev.screenshot("33-model-subscribed");
            dev.open(base.resolve("/models/" + locked).toString());
            dev.driver.findElement(By.id("reason")).sendKeys("Evaluating it for the support assistant");
            dev.screenshot("34-model-request-access");
            dev.click(By.id("subscribe-button"));
            dev.waitFor(By.id("notice"));
            assertThat(dev.driver.findElement(By.id("subscription-card")).getText()).contains("pending approval");
            dev.click(By.cssSelector("a[data-nav=subscriptions]"));
            dev.waitFor(By.id("subscriptions-table"));
            dev.screenshot("35-subscriptions");

            dev.click(By.cssSelector("a[data-nav=keys]"));
            dev.waitFor(By.id("keys-empty"));
            dev.screenshot("36-keys-empty");
            dev.driver.findElement(By.id("alias")).sendKeys(developer + "-laptop");
            dev.click(By.id("key-create-button"));
            WebElement shown = dev.waitFor(By.id("new-key-secret"));
            String secret = shown.getAttribute("value");
            assertThat(secret).startsWith("sk-");
            assertThat(dev.driver.findElement(By.id("new-key")).getText()).contains("you will not see it again");
            assertThat(dev.driver.getCurrentUrl()).endsWith("/keys");
            dev.screenshot("37-key-shown-once");
            dev.driver.navigate().refresh();
            dev.waitFor(By.id("keys-table"));
            assertThat(dev.driver.findElements(By.id("new-key-secret"))).isEmpty();
            assertThat(dev.driver.getPageSource()).doesNotContain(secret);
            dev.screenshot("38-keys");
            dev.click(By.cssSelector("#keys-table a"));
            dev.waitFor(By.id("key-facts"));
            assertThat(dev.driver.getPageSource()).doesNotContain(secret);
            dev.screenshot("39-key-detail");

            HttpResponse<String> call = ServiceCalls.chat(secret, open, "Hello from the portal test");
            assertThat(call.statusCode()).as(call.body()).isEqualTo(200);

            dev.click(By.cssSelector("a[data-nav=usage]"));
            awaitInPage(dev, () -> {
                dev.driver.navigate().refresh();
                return dev.waitFor(By.cssSelector("[data-total=requests]")).getText();
            }, "1");
            dev.waitUntil(driver -> "drawn".equals(driver.findElement(By.id("usage-chart"))
                    .getAttribute("data-chart-state")));
            assertThat(dev.driver.findElement(By.id("usage-chart")).getAttribute("data-chart-requests"))
                    .isEqualTo("1");
            assertThat(dev.driver.findElement(By.id("usage-by-model")).getText()).contains(open);
            assertThat(dev.driver.findElement(By.id("usage-by-key")).getText()).contains(developer + "-laptop");
            dev.screenshot("40-my-usage");
            assertThat(ServiceCalls.chat(secret, locked, "Not yet").statusCode()).isEqualTo(403);

            dev.click(By.cssSelector("a[data-nav=gateway]"));
            WebElement model = dev.waitFor(By.cssSelector("select#model"));
            assertThat(model.getText()).contains(open).doesNotContain(locked);
            dev.screenshot("41-call-the-gateway");
            dev.click(By.cssSelector("a[data-nav=teams]"));
            dev.waitFor(By.id("teams-empty"));
            dev.screenshot("42-teams-empty");

            admin.open(base.resolve("/admin/subscriptions").toString());
            WebElement pending = admin.waitFor(By.cssSelector("tr[data-model='" + locked + "'][data-owner='"
                    + developer + "']"));
            String subscription = pending.getAttribute("data-subscription");
            admin.driver.findElement(By.id("reason-" + subscription)).sendKeys("Approved for the pilot");
            admin.screenshot("24-approvals");
            admin.click(By.cssSelector("[data-approve='" + subscription + "']"));
            admin.waitFor(By.id("notice"));
            awaitStatus(() -> ServiceCalls.chat(secret, locked, "Now please").statusCode(), 200);

            admin.open(base.resolve("/admin/models/" + open).toString());
            admin.click(By.id("model-restrict"));
            admin.driver.switchTo().alert().accept();
            admin.waitFor(By.id("model-unrestrict"));
            admin.screenshot("25-admin-model-restricted");
            awaitStatus(() -> ServiceCalls.chat(secret, open, "Still allowed?").statusCode(), 403);
            dev.open(base.resolve("/subscriptions").toString());
            assertThat(dev.waitFor(By.cssSelector("tr[data-model='" + open + "']")).getText())
                    .contains("pending approval");

            admin.open(base.resolve("/admin/audit?q=" + subscription).toString());
            awaitInPage(admin, () -> {
                admin.driver.navigate().refresh();
                return admin.waitFor(By.id("main-content")).getText();
            }, "subscription.approve");
            admin.open(base.resolve("/admin/audit?action=model.update&q=" + open).toString());
            awaitInPage(admin, () -> {
                admin.driver.navigate().refresh();
                return admin.waitFor(By.id("main-content")).getText();
            }, "model.update");
            admin.screenshot("26-audit-log-model-update");

            admin.open(base.resolve("/admin/usage").toString());
            admin.waitUntil(driver -> "drawn".equals(driver.findElement(By.id("usage-chart"))
                    .getAttribute("data-chart-state")));
            assertThat(admin.driver.findElement(By.id("usage-by-user")).getText()).contains(developer);
            admin.screenshot("27-admin-usage");
            admin.open(base.resolve("/admin/users?q=" + developer).toString());
            admin.click(By.cssSelector("tr[data-user='" + developer + "'] a"));
            admin.waitFor(By.id("limits-form"));
            admin.screenshot("28-admin-user");
            admin.open(base.resolve("/admin/teams").toString());
            admin.driver.findElement(By.id("alias")).sendKeys("Support assistant");
            admin.driver.findElement(By.id("adminLogin")).sendKeys(developer);
            admin.click(By.id("team-create"));
            admin.waitFor(By.id("members-table"));
            admin.screenshot("29-admin-team");
            admin.open(base.resolve("/admin/alerts").toString());
            admin.waitFor(By.id("main-content"));
            admin.screenshot("29b-admin-alerts");

            dev.open(base.resolve("/teams").toString());
            dev.click(By.cssSelector("#teams-table a"));
            dev.waitFor(By.id("member-form"));
            dev.screenshot("43-team");
        }
    }

    @Test
    void theCatalogAndKeysWorkOnANarrowScreen() {
        try (Browser phone = new Browser(420, 900)) {
            phone.open(base.resolve("/models").toString());
            logInAs(phone, Platform.unique("phone"), null);
            phone.waitFor(By.id("catalog-filters"));
            phone.screenshot("44-catalog-narrow");
            phone.open(base.resolve("/keys").toString());
            phone.waitFor(By.id("key-form"));
            phone.screenshot("45-keys-narrow");
        }
    }

    /** Types a user name (and ticks a group) on the dev OAuth login page, as a new user would. */
    private static void logInAs(Browser browser, String user, String group) {
        WebElement name = browser.waitFor(By.id("username"));
        name.clear();
        name.sendKeys(user);
        if (group != null) {
            browser.driver.findElement(By.cssSelector("input[name=group][value='" + group + "']")).click();
        }
        browser.driver.findElement(By.id("dev-login-submit")).click();
        browser.waitFor(By.id("main-content"));
    }

    private static void addModel(Browser admin, String alias, boolean restricted) {
        admin.open(admin.driver.getCurrentUrl().replaceAll("/admin/.*", "/admin/models/new"));
        admin.driver.findElement(By.id("alias")).sendKeys(alias);
        admin.driver.findElement(By.id("description")).sendKeys("A chat model for the journey test");
        admin.driver.findElement(By.id("contextWindow")).sendKeys("8192");
        admin.driver.findElement(By.id("inputPricePer1M")).sendKeys("1");
        admin.driver.findElement(By.id("outputPricePer1M")).sendKeys("2");
        if (restricted) {
            admin.driver.findElement(By.id("model-restricted")).click();
        }
        admin.driver.findElement(By.cssSelector("#dep-backend option[value=mock]")).click();
        admin.driver.findElement(By.id("dep-baseUrl")).sendKeys("mock://demo");
        admin.driver.findElement(By.id("dep-upstreamModel")).sendKeys("demo");
        if (!restricted) {
            admin.screenshot("21-admin-model-new");
        }
        admin.click(By.id("model-save"));
        admin.waitFor(By.id("deployments-table"));
    }

    private static void awaitInPage(Browser browser, Supplier<String> text, String expected) {
        Instant deadline = Instant.now().plus(PATIENCE);
        String seen = text.get();
        while (!seen.contains(expected) && Instant.now().isBefore(deadline)) {
            pause();
            seen = text.get();
        }
        assertThat(seen).contains(expected);
    }

    /** Gateways learn of changes through keys-service's changes feed, within seconds. */
    private static void awaitStatus(Supplier<Integer> call, int expected) {
        Instant deadline = Instant.now().plus(PATIENCE);
        int status = call.get();
        while (status != expected && Instant.now().isBefore(deadline)) {
            pause();
            status = call.get();
        }
        assertThat(status).isEqualTo(expected);
    }

    private static void pause() {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> navigation(Browser browser) {
        return browser.driver.findElements(By.cssSelector("#global-nav .pf-v6-c-nav__link")).stream()
                .map(link -> link.getText().trim()).toList();
    }
}
