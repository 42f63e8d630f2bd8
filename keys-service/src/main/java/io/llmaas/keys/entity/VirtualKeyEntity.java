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

/** A virtual key: its settings. Its secrets are only in {@link KeySecretEntity}, as hashes. */
@Entity
@Table(name = "virtual_keys")
public class VirtualKeyEntity {

    @Id
    public String id;

    public String alias;

    /** Owner; null for a service key. */
    @Column(name = "user_id")
    public String userId;

    /** Owning team; null for a personal key. */
    @Column(name = "team_id")
    public String teamId;

    /** Allowed model aliases; empty means every enabled model. */
    @JdbcTypeCode(SqlTypes.JSON)
    public List<String> models = new ArrayList<>();

    @Column(name = "rpm_limit")
    public Long rpmLimit;

    @Column(name = "tpm_limit")
    public Long tpmLimit;

    @Column(name = "max_parallel")
    public Integer maxParallel;

    @Column(name = "model_rpm")
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Number> modelRpm = new LinkedHashMap<>();

    @Column(name = "model_tpm")
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Number> modelTpm = new LinkedHashMap<>();

    @Column(name = "expires_at")
    public Instant expiresAt;

    public boolean blocked;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> metadata = new LinkedHashMap<>();

    @Column(name = "budget_id")
    public String budgetId;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "last_used_at")
    public Instant lastUsedAt;
}
