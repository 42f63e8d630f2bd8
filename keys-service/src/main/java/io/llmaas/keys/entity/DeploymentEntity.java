package io.llmaas.keys.entity;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One backend serving a model alias. The upstream API key is stored only encrypted. */
@Entity
@Table(name = "deployments")
public class DeploymentEntity {

    @Id
    public String id;

    @Column(name = "model_id")
    public String modelId;

    /** {@code openai}, {@code ollama} or {@code mock}. */
    public String backend;

    @Column(name = "base_url")
    public String baseUrl;

    @Column(name = "upstream_model")
    public String upstreamModel;

    public int weight = 1;

    @Column(name = "rpm_limit")
    public Long rpmLimit;

    @Column(name = "tpm_limit")
    public Long tpmLimit;

    @Column(name = "connect_timeout_ms")
    public Integer connectTimeoutMs;

    @Column(name = "first_byte_timeout_ms")
    public Integer firstByteTimeoutMs;

    @Column(name = "idle_timeout_ms")
    public Integer idleTimeoutMs;

    @Column(name = "api_key_encrypted")
    public String apiKeyEncrypted;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
