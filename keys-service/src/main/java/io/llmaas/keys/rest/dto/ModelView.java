package io.llmaas.keys.rest.dto;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import io.llmaas.keys.entity.DeploymentEntity;
import io.llmaas.keys.entity.ModelEntity;
import io.llmaas.keys.service.Money;

/** A catalog model with its deployments (deployments only for administrators). */
public record ModelView(String id, String alias, String description, List<String> capabilities,
        Integer contextWindow, BigDecimal inputPricePer1M, BigDecimal outputPricePer1M, boolean restricted,
        boolean enabled, List<String> fallbacks, String strategy, List<DeploymentView> deployments,
        Instant createdAt, Instant updatedAt) {

    public static ModelView from(ModelEntity m, List<DeploymentEntity> deployments) {
        return new ModelView(m.id, m.alias, m.description, List.copyOf(m.capabilities), m.contextWindow,
                Money.plain(m.inputPrice), Money.plain(m.outputPrice), m.restricted, m.enabled,
                List.copyOf(m.fallbacks), m.strategy,
                deployments == null ? null : deployments.stream().map(DeploymentView::from).toList(), m.createdAt,
                m.updatedAt);
    }
}
