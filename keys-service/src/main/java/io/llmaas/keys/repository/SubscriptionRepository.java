package io.llmaas.keys.repository;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.llmaas.keys.entity.SubscriptionEntity;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class SubscriptionRepository implements PanacheRepositoryBase<SubscriptionEntity, String> {

    public Optional<SubscriptionEntity> findForUser(String userId, String modelId) {
        return find("userId = ?1 and modelId = ?2", userId, modelId).firstResultOptional();
    }

    public Optional<SubscriptionEntity> findForTeam(String teamId, String modelId) {
        return find("teamId = ?1 and modelId = ?2", teamId, modelId).firstResultOptional();
    }

    public List<SubscriptionEntity> ofModelWithStatus(String modelId, String status) {
        return list("modelId = ?1 and status = ?2", modelId, status);
    }

    /** Aliases of the models the user (or team) has an active subscription to. */
    public List<String> activeAliasesOfUser(String userId) {
        return getEntityManager().createQuery("select m.alias from SubscriptionEntity s, ModelEntity m "
                + "where s.modelId = m.id and s.userId = ?1 and s.status = 'active'", String.class)
                .setParameter(1, userId).getResultList();
    }

    public List<String> activeAliasesOfTeam(String teamId) {
        return getEntityManager().createQuery("select m.alias from SubscriptionEntity s, ModelEntity m "
                + "where s.modelId = m.id and s.teamId = ?1 and s.status = 'active'", String.class)
                .setParameter(1, teamId).getResultList();
    }
}
