package io.llmaas.admin.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import io.llmaas.admin.testing.DevOAuthProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The portal in real headless Chromium, logging in through the dev OAuth server as a person would: role-specific
 * navigation, an admin changing a setting and finding it in the audit log, a read-only admin who cannot change it, a
 * developer kept out of the admin console, logging out. Screenshots of the main pages go to target/screenshots/.
 */
@QuarkusTest
@TestProfile(DevOAuthProfile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PortalBrowserTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    @Order(1)
    void anAdminChangesASettingAndFindsTheChangeInTheAuditLog() {
        try (Browser browser = new Browser(1440, 1000)) {
            browser.open(base.resolve("/admin/settings").toString());
            browser.waitFor(By.id("dev-login-form"));
            browser.screenshot("01-dev-oauth-login");
            logIn(browser, "admin");

            browser.waitFor(By.id("settings-form"));
            assertThat(browser.driver.getCurrentUrl()).endsWith("/admin/settings");
            assertThat(navigation(browser)).containsExactly("Overview", "Models", "Subscriptions", "API keys", "Usage",
                    "Teams", "Call the gateway", "Models and deployments", "Approvals", "Users", "Teams",
                    "Usage analytics", "Budget alerts", "Key settings", "Sessions", "Audit log");
            WebElement rpm = browser.driver.findElement(By.id("defaultRpm"));
            rpm.clear();
            rpm.sendKeys("42");
            browser.click(By.id("settings-save"));
            browser.waitFor(By.id("settings-saved"));
            assertThat(browser.driver.findElement(By.id("defaultRpm")).getAttribute("value")).isEqualTo("42");
            assertThat(browser.driver.findElement(By.id("settings-provenance")).getText()).contains("admin");
            browser.screenshot("03-settings-saved");

            WebElement maxRpm = browser.driver.findElement(By.id("maxRpm"));
            maxRpm.clear();
            maxRpm.sendKeys("10");
            browser.click(By.id("settings-save"));
            browser.waitFor(By.id("settings-errors"));
            // Selenium reads the text of visible elements only: wait for the field's message itself, not just the alert.
            assertThat(browser.waitFor(By.cssSelector("[data-error-for=defaultRpm]")).getText())
                    .contains("must not exceed the maximum");
            browser.screenshot("04-settings-invalid");

            browser.driver.findElement(By.cssSelector("a[data-nav=audit]")).click();
            browser.waitFor(By.id("audit-table"));
            WebElement row = browser.driver.findElement(By.cssSelector("tr[data-action='settings.update']"));
            assertThat(row.getText()).contains("admin").contains("settings");
            browser.driver.findElement(By.id("filter-action")).sendKeys("settings.", Keys.ENTER);
            browser.waitUntil(driver -> driver.getCurrentUrl().contains("action=settings."));
            browser.waitFor(By.cssSelector("tr[data-action='settings.update']"));
            browser.screenshot("05-audit-log");

            browser.driver.findElement(By.cssSelector("tr[data-action='settings.update'] a")).click();
            browser.waitFor(By.id("audit-diff"));
            String diff = browser.driver.findElement(By.id("audit-diff")).getText();
            assertThat(diff).contains("defaultRpm").contains("60").contains("42");
            browser.screenshot("06-audit-entry");

            browser.driver.findElement(By.cssSelector("a[data-nav=gateway]")).click();
            WebElement model = browser.waitFor(By.id("model"));
            model.clear();
            model.sendKeys("mistral-7b");
            browser.waitUntil(driver -> driver.findElement(By.id("snippet-python-code")).getText()
                    .contains("model=\"mistral-7b\""));
            assertThat(browser.driver.findElement(By.id("snippet-curl-code")).getText())
                    .contains("https://gateway.apps.example.com/v1/chat/completions");
            browser.screenshot("07-call-the-gateway");

            browser.driver.findElement(By.cssSelector("a[data-nav=sessions]")).click();
            browser.waitFor(By.id("sessions-table"));
            assertThat(browser.driver.findElement(By.id("sessions-table")).getText()).contains("this session");
            browser.screenshot("08-sessions");

            browser.driver.findElement(By.cssSelector("a[data-nav=home]")).click();
            browser.waitFor(By.id("identity-card"));
            assertThat(browser.driver.findElement(By.cssSelector("[data-testid=roles]")).getText())
                    .contains("admin").contains("admin-readonly").contains("user");
            browser.screenshot("02-overview-admin");

            browser.open(base.resolve("/no-such-page").toString());
            browser.waitFor(By.id("error-page"));
            browser.screenshot("11-not-found");
        }
    }

    @Test
    @Order(2)
    void aReadOnlyAdminSeesTheSettingsButCannotChangeThem() {
        try (Browser browser = new Browser(1440, 1000)) {
            browser.open(base.resolve("/admin/settings").toString());
            logIn(browser, "auditor");
            browser.waitFor(By.id("settings-readonly"));
            assertThat(navigation(browser)).contains("Key settings", "Audit log");
            assertThat(browser.driver.findElements(By.id("settings-save"))).isEmpty();
            assertThat(browser.driver.findElement(By.id("defaultRpm")).isEnabled()).isFalse();
            browser.screenshot("09-settings-read-only");

            Object status = ((JavascriptExecutor) browser.driver).executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    const token = document.querySelector('meta[name="csrf-token"]').content;
                    fetch('/admin/settings', {method: 'POST', headers: {'X-CSRF-TOKEN': token,
                        'Content-Type': 'application/x-www-form-urlencoded'}, body: 'defaultRpm=1'})
                      .then(r => done(r.status), e => done(String(e)));""");
            assertThat(status).isEqualTo(403L);
        }
    }

    @Test
    @Order(3)
    void aDeveloperSeesOnlyTheSelfServicePagesAndLogsOut() {
        try (Browser browser = new Browser(1440, 1000)) {
            browser.open(base.toString());
            logIn(browser, "developer");
            browser.waitFor(By.id("identity-card"));
            assertThat(navigation(browser)).containsExactly("Overview", "Models", "Subscriptions", "API keys", "Usage",
                    "Teams", "Call the gateway");
            assertThat(browser.driver.findElement(By.cssSelector("[data-testid=username]")).getText())
                    .isEqualTo("developer");
            browser.screenshot("10-overview-developer");

            browser.open(base.resolve("/admin/audit").toString());
            WebElement error = browser.waitFor(By.id("error-page"));
            assertThat(error.getAttribute("data-status")).isEqualTo("403");
            browser.screenshot("12-forbidden");

            browser.open(base.toString());
            browser.waitFor(By.id("user-menu-toggle")).click();
            WebElement logout = browser.waitFor(By.id("logout-button"));
            browser.screenshot("13-user-menu");
            logout.click();
            browser.waitFor(By.id("login-again"));
            browser.screenshot("15-logged-out");
            browser.open(base.resolve("/api/me").toString());
            browser.waitFor(By.id("dev-login-form"));
        }
    }

    @Test
    @Order(4)
    void thePortalWorksOnANarrowScreen() {
        try (Browser browser = new Browser(420, 900)) {
            browser.open(base.toString());
            logIn(browser, "developer");
            browser.waitFor(By.id("identity-card"));
            assertThat(browser.driver.findElement(By.id("sidebar")).getAttribute("class")).contains("pf-m-collapsed");
            browser.driver.findElement(By.id("nav-toggle")).click();
            browser.waitUntil(driver -> driver.findElement(By.id("sidebar")).getAttribute("class")
                    .contains("pf-m-expanded") && driver.findElement(By.id("sidebar")).getRect().getX() >= 0
                    && driver.findElement(By.cssSelector("a[data-nav=home]")).getRect().getX() > 0);
            browser.screenshot("14-mobile-navigation");
        }
    }

    /** Picks a quick-pick user on the dev OAuth login page and submits it. */
    private static void logIn(Browser browser, String quickPick) {
        browser.waitFor(By.cssSelector("[data-dev-user='" + quickPick + "']")).click();
        browser.driver.findElement(By.id("dev-login-submit")).click();
        browser.waitFor(By.id("main-content"));
    }

    private static List<String> navigation(Browser browser) {
        return browser.driver.findElements(By.cssSelector("#global-nav .pf-v6-c-nav__link")).stream()
                .map(link -> link.getText().trim()).toList();
    }
}
