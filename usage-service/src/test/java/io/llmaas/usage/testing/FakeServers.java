package io.llmaas.usage.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts the fake keys-service and the fake alert webhook on free ports for the whole test run, and points
 * usage-service at them; tests get them injected into fields of their type. One instance for all test classes, so
 * Quarkus boots once.
 */
public class FakeServers implements QuarkusTestResourceLifecycleManager {

    public static final String SERVICE_TOKEN = "test-service-token";
    public static final String MASTER_KEY = "sk-test-master";

    private static FakeKeysService keys;
    private static FakeWebhook webhook;

    @Override
    public Map<String, String> start() {
        try {
            keys = new FakeKeysService(SERVICE_TOKEN);
            webhook = new FakeWebhook();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("quarkus.rest-client.keys.url", keys.url(), "usage.alerts.webhook-url", webhook.url());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(keys, new TestInjector.MatchesType(FakeKeysService.class));
        injector.injectIntoFields(webhook, new TestInjector.MatchesType(FakeWebhook.class));
    }

    @Override
    public void stop() {
        if (keys != null) {
            keys.stop();
        }
        if (webhook != null) {
            webhook.stop();
        }
    }
}
