package io.llmaas.admin.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What tests of the whole platform do often: people logging in, models in the catalog, keys pulled out of pages. */
public final class Platform {

    private static final Pattern SECRET = Pattern.compile("value=\"(sk-[A-Za-z0-9_\\-]+)\" id=\"new-key-secret\"");
    private static final Pattern KEY_ID = Pattern.compile("data-key=\"(key_[A-Za-z0-9_\\-]+)\"");

    private Platform() {
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A developer (no admin group) logged in through the dev OAuth server. */
    public static PortalClient developer(URI base, String name) {
        PortalClient client = new PortalClient(base);
        client.loginWithDevOAuth(name, List.of("developers"));
        return client;
    }

    public static PortalClient admin(URI base) {
        PortalClient client = new PortalClient(base);
        client.loginWithDevOAuth(unique("admin"), List.of("llmaas-admins"));
        return client;
    }

    public static PortalClient auditor(URI base) {
        PortalClient client = new PortalClient(base);
        client.loginWithDevOAuth(unique("auditor"), List.of("llmaas-readonly"));
        return client;
    }

    /** A model with the gateway's built-in mock backend, created in keys-service directly; answers its alias. */
    public static String model(boolean restricted) {
        String alias = unique(restricted ? "locked" : "open");
        HttpResponse<String> created = ServiceCalls.keys("POST", "/api/models", """
                {"alias":"%s","description":"Test model %s","capabilities":["chat"],"contextWindow":8192,
                 "inputPricePer1M":1,"outputPricePer1M":2,"restricted":%s,
                 "deployments":[{"backend":"mock","baseUrl":"mock://demo","upstreamModel":"demo"}]}"""
                .formatted(alias, alias, restricted));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return alias;
    }

    /** The secret in a "your new key" answer. */
    public static String secretIn(String page) {
        Matcher matcher = SECRET.matcher(page);
        assertThat(matcher.find()).as("a new key in: " + page).isTrue();
        return matcher.group(1);
    }

    /** The id of the first key row of a page. */
    public static String firstKeyIdIn(String page) {
        Matcher matcher = KEY_ID.matcher(page);
        assertThat(matcher.find()).as("a key row in the page").isTrue();
        return matcher.group(1);
    }
}
