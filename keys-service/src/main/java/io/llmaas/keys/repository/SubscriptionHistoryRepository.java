package io.llmaas.keys.repository;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.llmaas.keys.entity.SubscriptionHistoryEntity;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
public class SubscriptionHistoryRepository implements PanacheRepositoryBase<SubscriptionHistoryEntity, Long> {

    public List<SubscriptionHistoryEntity> of(String subscriptionId) {
        return list("subscriptionId", Sort.by("id"), subscriptionId);
    }

    public Optional<SubscriptionHistoryEntity> last(String subscriptionId) {
        return find("subscriptionId", Sort.descending("id"), subscriptionId).firstResultOptional();
    }
}
