package io.llmaas.admin.repository;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One login: who, when, from where, and the identity provider's tokens, which never leave the server. */
@Entity
@Table(name = "portal_session")
public class PortalSession {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "token_hash")
    public String tokenHash;

    public String username;

    /** Comma-separated portal roles granted at login. */
    public String roles;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "last_seen_at")
    public Instant lastSeenAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    /** {@code logout}, {@code revoked}, {@code idle} or {@code expired}. */
    @Column(name = "end_reason")
    public String endReason;

    @Column(name = "ended_by")
    public String endedBy;

    @Column(name = "source_ip")
    public String sourceIp;

    @Column(name = "user_agent")
    public String userAgent;

    @Column(name = "id_token")
    public String idToken;

    @Column(name = "access_token")
    public String accessToken;

    @Column(name = "refresh_token")
    public String refreshToken;

    @Column(name = "access_token_expires_in")
    public Long accessTokenExpiresIn;

    public boolean active() {
        return endedAt == null;
    }
}
