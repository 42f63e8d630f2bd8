package io.llmaas.keys.entity;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** A user's membership of a team, with the role {@code admin}, {@code member} or {@code viewer}. */
@Entity
@Table(name = "team_members")
@IdClass(TeamMemberEntity.Key.class)
public class TeamMemberEntity {

    @Id
    @Column(name = "team_id")
    public String teamId;

    @Id
    @Column(name = "user_id")
    public String userId;

    public String role;

    @Column(name = "created_at")
    public Instant createdAt;

    public static class Key implements Serializable {
        public String teamId;
        public String userId;

        public Key() {
        }

        public Key(String teamId, String userId) {
            this.teamId = teamId;
            this.userId = userId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(teamId, k.teamId) && Objects.equals(userId, k.userId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(teamId, userId);
        }
    }
}
