package io.llmaas.gateway.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts the fake model servers on dynamic ports before the gateway, hands their URLs to the gateway's configuration
 * (routing-test.yaml reads them), and injects them into fields marked {@link InjectFakeBackends}.
 */
public class FakeBackendsResource implements QuarkusTestResourceLifecycleManager {

    private FakeBackends fakes;

    @Override
    public Map<String, String> start() {
        fakes = new FakeBackends();
        fakes.start();
        return fakes.config();
    }

    @Override
    public void stop() {
        if (fakes != null) {
            fakes.close();
        }
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(fakes,
                new TestInjector.AnnotatedAndMatchesType(InjectFakeBackends.class, FakeBackends.class));
    }
}
