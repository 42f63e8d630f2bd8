package io.llmaas.keys.rest.dto;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.llmaas.keys.entity.TeamEntity;
import io.llmaas.keys.entity.TeamMemberEntity;
import io.llmaas.keys.entity.UserEntity;
import io.llmaas.keys.service.BudgetStatus;

/** A team with its members. */
public record TeamView(String id, String alias, List<String> models, Long rpmLimit, Long tpmLimit,
        Integer maxParallel, boolean blocked, Map<String, Object> metadata, BudgetStatus budget,
        List<Member> members, Instant createdAt, Instant updatedAt) {

    /**
     * A member; {@code externalId} and {@code displayName} name it for people (the portal shows a team's members to
     * its members, who may not read other users).
     */
    public record Member(String userId, String externalId, String displayName, String role, Instant since) {
        public static Member from(TeamMemberEntity m, UserEntity user) {
            return new Member(m.userId, user == null ? null : user.externalId, user == null ? null : user.displayName,
                    m.role, m.createdAt);
        }
    }

    public static TeamView from(TeamEntity t, BudgetStatus budget, List<TeamMemberEntity> members,
            Map<String, UserEntity> users) {
        return new TeamView(t.id, t.alias, List.copyOf(t.models), t.rpmLimit, t.tpmLimit, t.maxParallel, t.blocked,
                t.metadata, budget, members.stream().map(m -> Member.from(m, users.get(m.userId))).toList(),
                t.createdAt, t.updatedAt);
    }
}
