package io.llmaas.keys.rest.dto;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.llmaas.keys.entity.TeamMemberEntity;
import io.llmaas.keys.entity.UserEntity;
import io.llmaas.keys.service.BudgetStatus;

/** A user as the management API shows it. */
public record UserView(String id, String externalId, String email, String displayName, String role,
        List<String> models, Long rpmLimit, Long tpmLimit, Integer maxParallel, Map<String, Object> metadata,
        BudgetStatus budget, List<Membership> teams, Instant createdAt, Instant updatedAt) {

    public record Membership(String teamId, String role) {
        public static Membership from(TeamMemberEntity m) {
            return new Membership(m.teamId, m.role);
        }
    }

    public static UserView from(UserEntity u, BudgetStatus budget, List<TeamMemberEntity> memberships) {
        return new UserView(u.id, u.externalId, u.email, u.displayName, u.role, List.copyOf(u.models), u.rpmLimit,
                u.tpmLimit, u.maxParallel, u.metadata, budget, memberships.stream().map(Membership::from).toList(),
                u.createdAt, u.updatedAt);
    }
}
