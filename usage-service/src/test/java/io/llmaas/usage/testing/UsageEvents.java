package io.llmaas.usage.testing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.llmaas.contracts.internal.UsageBatch;
import io.llmaas.contracts.internal.UsageEvent;

/** Usage events for tests, as a gateway would send them. */
public final class UsageEvents {

    private UsageEvents() {
    }

    public static UsageEvent event(String requestId, Instant at, String keyId, String userId, String teamId,
            String model, long prompt, long completion, String cost) {
        return new UsageEvent(requestId, at, "gw-test", keyId, keyId == null ? null : keyId + "-alias", userId,
                teamId, model, "chat", "dep-1", prompt, completion, new BigDecimal(cost), 200, null, 120L, 30L,
                false, false, null, Map.of("project", "tests"));
    }

    public static UsageEvent withLease(UsageEvent e, String leaseId) {
        return new UsageEvent(e.requestId(), e.timestamp(), e.gatewayId(), e.keyId(), e.keyAlias(), e.userId(),
                e.teamId(), e.model(), e.endpoint(), e.deploymentId(), e.promptTokens(), e.completionTokens(),
                e.costUsd(), e.status(), e.errorType(), e.latencyMs(), e.ttftMs(), e.streamed(), e.estimated(),
                leaseId, e.metadata());
    }

    public static UsageEvent failed(UsageEvent e, int status, String errorType) {
        return new UsageEvent(e.requestId(), e.timestamp(), e.gatewayId(), e.keyId(), e.keyAlias(), e.userId(),
                e.teamId(), e.model(), e.endpoint(), e.deploymentId(), e.promptTokens(), e.completionTokens(),
                e.costUsd(), status, errorType, e.latencyMs(), e.ttftMs(), e.streamed(), e.estimated(),
                e.budgetLeaseId(), e.metadata());
    }

    public static UsageEvent streamedEstimated(UsageEvent e) {
        return new UsageEvent(e.requestId(), e.timestamp(), e.gatewayId(), e.keyId(), e.keyAlias(), e.userId(),
                e.teamId(), e.model(), e.endpoint(), e.deploymentId(), e.promptTokens(), e.completionTokens(),
                e.costUsd(), e.status(), e.errorType(), e.latencyMs(), e.ttftMs(), true, true, e.budgetLeaseId(),
                e.metadata());
    }

    public static UsageBatch batch(List<UsageEvent> events) {
        return new UsageBatch("gw-test", "batch-" + UUID.randomUUID(), events);
    }

    /** {@code n} events spread over keys, users, teams, models and the hours from {@code start}. */
    public static List<UsageEvent> spread(String prefix, int n, Instant start, int hours) {
        String[] keys = { "key-a", "key-b", "key-c", "master" };
        String[] users = { "user-1", "user-2", null };
        String[] teams = { "team-x", "team-y", null };
        String[] models = { "llama3-8b", "phi3-3.8b" };
        List<UsageEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            UsageEvent e = event(prefix + "-" + i, start.plusSeconds((long) (i / 7 % hours) * 3600 + i % 3600),
                    keys[i % keys.length], users[i % users.length], teams[i % teams.length],
                    models[i % models.length], 10 + i % 7, 20 + i % 11, "0.00" + (1 + i % 9) + "123");
            if (i % 5 == 0) {
                e = failed(e, 502, "upstream_error");
            }
            if (i % 3 == 0) {
                e = streamedEstimated(e);
            }
            events.add(e);
        }
        return events;
    }
}
