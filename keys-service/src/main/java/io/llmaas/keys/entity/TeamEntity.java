package io.llmaas.keys.entity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A group of users sharing team keys, team subscriptions, team limits and a team budget. */
@Entity
@Table(name = "teams")
public class TeamEntity {

    @Id
    public String id;

    public String alias;

    /** Models the team's keys may see; empty means no restriction beyond the key's. */
    @JdbcTypeCode(SqlTypes.JSON)
    public List<String> models = new ArrayList<>();

    @Column(name = "rpm_limit")
    public Long rpmLimit;

    @Column(name = "tpm_limit")
    public Long tpmLimit;

    @Column(name = "max_parallel")
    public Integer maxParallel;

    public boolean blocked;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> metadata = new LinkedHashMap<>();

    @Column(name = "budget_id")
    public String budgetId;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
