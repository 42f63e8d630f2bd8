package io.llmaas.keys.entity;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One secret of a key, as its SHA-256 (hex) and a displayable prefix; never the secret itself. */
@Entity
@Table(name = "key_secrets")
public class KeySecretEntity {

    @Id
    public String hash;

    @Column(name = "key_id")
    public String keyId;

    public String prefix;

    /** Null for the current secret; the end of the grace period for a rotated-out one. */
    @Column(name = "valid_until")
    public Instant validUntil;

    @Column(name = "created_at")
    public Instant createdAt;
}
