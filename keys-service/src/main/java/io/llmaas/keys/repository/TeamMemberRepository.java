package io.llmaas.keys.repository;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.llmaas.keys.entity.TeamMemberEntity;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
public class TeamMemberRepository implements PanacheRepositoryBase<TeamMemberEntity, TeamMemberEntity.Key> {

    public List<TeamMemberEntity> ofTeam(String teamId) {
        return list("teamId", Sort.by("createdAt").and("userId"), teamId);
    }

    public List<TeamMemberEntity> ofUser(String userId) {
        return list("userId", Sort.by("teamId"), userId);
    }

    public Optional<TeamMemberEntity> find(String teamId, String userId) {
        return findByIdOptional(new TeamMemberEntity.Key(teamId, userId));
    }
}
