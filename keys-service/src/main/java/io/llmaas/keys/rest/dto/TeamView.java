package io.llmaas.keys.rest.dto;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.llmaas.keys.entity.TeamEntity;
import io.llmaas.keys.entity.TeamMemberEntity;
import io.llmaas.keys.service.BudgetStatus;

/** A team with its members. */
public record TeamView(String id, String alias, List<String> models, Long rpmLimit, Long tpmLimit,
        Integer maxParallel, boolean blocked, Map<String, Object> metadata, BudgetStatus budget,
        List<Member> members, Instant createdAt, Instant updatedAt) {

    public record Member(String userId, String role, Instant since) {
        public static Member from(TeamMemberEntity m) {
            return new Member(m.userId, m.role, m.createdAt);
        }
    }

    public static TeamView from(TeamEntity t, BudgetStatus budget, List<TeamMemberEntity> members) {
        return new TeamView(t.id, t.alias, List.copyOf(t.models), t.rpmLimit, t.tpmLimit, t.maxParallel, t.blocked,
                t.metadata, budget, members.stream().map(Member::from).toList(), t.createdAt, t.updatedAt);
    }
}
