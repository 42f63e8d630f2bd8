package io.llmaas.keys.repository;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.llmaas.keys.entity.VirtualKeyEntity;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

@ApplicationScoped
public class VirtualKeyRepository implements PanacheRepositoryBase<VirtualKeyEntity, String> {

    public Optional<VirtualKeyEntity> findByAlias(String alias) {
        return find("alias", alias).firstResultOptional();
    }

    public List<String> idsOfUser(String userId) {
        return ids("select k.id from VirtualKeyEntity k where k.userId = ?1", userId);
    }

    public List<String> idsOfTeam(String teamId) {
        return ids("select k.id from VirtualKeyEntity k where k.teamId = ?1", teamId);
    }

    /** Personal keys of a user (not team keys): a user subscription governs exactly these. */
    public List<String> personalIdsOfUser(String userId) {
        return ids("select k.id from VirtualKeyEntity k where k.userId = ?1 and k.teamId is null", userId);
    }

    public List<String> idsWithBudget(String budgetId) {
        return ids("select k.id from VirtualKeyEntity k where k.budgetId = ?1", budgetId);
    }

    public List<String> allIds() {
        return getEntityManager().createQuery("select k.id from VirtualKeyEntity k", String.class).getResultList();
    }

    private List<String> ids(String jpql, String param) {
        return getEntityManager().createQuery(jpql, String.class).setParameter(1, param).getResultList();
    }
}
