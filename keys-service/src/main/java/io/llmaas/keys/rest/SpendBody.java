package io.llmaas.keys.rest;

import java.math.BigDecimal;

import com.fasterxml.jackson.databind.JsonNode;

import io.llmaas.keys.security.Caller;
import io.llmaas.keys.service.BudgetAdmin;
import io.llmaas.keys.service.BudgetStatus;

/** The body of the "set spend" actions: {@code {spend, reason}}; spend defaults to 0 (a reset). */
final class SpendBody {

    private SpendBody() {
    }

    static BudgetStatus apply(BudgetAdmin budgets, Caller caller, String scopeType, String id, JsonNode body) {
        JsonBody b = JsonBody.of(body == null || body.isNull() ? com.fasterxml.jackson.databind.node.JsonNodeFactory
                .instance.objectNode() : body);
        BigDecimal spend = b.decimal("spend").or(BigDecimal.ZERO);
        String reason = b.text("reason").value();
        b.throwIfInvalid();
        return budgets.setSpend(caller, scopeType, id, spend, reason);
    }
}
