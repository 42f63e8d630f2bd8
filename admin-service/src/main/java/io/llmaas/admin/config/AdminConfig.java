package io.llmaas.admin.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Typed configuration of admin-service ({@code admin.*}); every item has a documented default. */
@ConfigMapping(prefix = "admin")
public interface AdminConfig {

    /** How users log in: OpenShift OAuth or a generic OIDC provider. */
    Auth auth();

    /** Which identity-provider groups give which portal role. */
    Roles roles();

    /** The fake OpenShift OAuth server for local development (off unless enabled explicitly). */
    DevOauth devOauth();

    /** Portal login sessions. */
    Sessions sessions();

    /** Defaults and maximums for self-service keys, in force until an admin saves the settings page. */
    KeyDefaults keyDefaults();

    /** The audit log pages. */
    Audit audit();

    /** Base URL of the OpenAI-compatible gateway, shown to developers in the snippets ({@code LLMAAS_GATEWAY_URL}). */
    @WithDefault("http://127.0.0.1:4000")
    String gatewayUrl();

    enum Provider {
        /** OpenShift's OAuth server; user and groups from {@code /apis/user.openshift.io/v1/users/~}. */
        OPENSHIFT,
        /** Any OpenID Connect provider (Keycloak, Entra ID, …) with discovery; groups from an ID token claim. */
        OIDC
    }

    interface Auth {
        /** {@code openshift} or {@code oidc}. */
        @WithDefault("openshift")
        Provider provider();

        /**
         * OAuth client id. With a ServiceAccount as the OpenShift OAuth client it is
         * {@code system:serviceaccount:<namespace>:<serviceaccount>}.
         */
        @WithDefault("llmaas-portal")
        String clientId();

        /** OAuth client secret; with a ServiceAccount as the client, that ServiceAccount's token. */
        Optional<String> clientSecret();

        /**
         * Secret (32+ characters) that encrypts the short-lived state cookie holding the PKCE verifier; every replica
         * needs the same one. Without it the client secret is used.
         */
        Optional<String> stateSecret();

        /** Path the identity provider redirects back to; register {@code https://<portal host><path>} with it. */
        @WithDefault("/auth/callback")
        String callbackPath();

        /** Mark the session and state cookies {@code Secure} (true behind an HTTPS Route). */
        @WithDefault("false")
        boolean secureCookies();

        /** OpenShift OAuth settings. */
        Openshift openshift();

        /** Generic OIDC settings. */
        Oidc oidc();
    }

    interface Openshift {
        /**
         * The OAuth server, e.g. {@code https://oauth-openshift.apps.<cluster>}. When the dev OAuth server is enabled
         * and this is not set, the portal uses its own {@code /dev-oauth}.
         */
        Optional<String> oauthUrl();

        /** The API server, e.g. {@code https://api.<cluster>:6443}; user info is read from it. Defaults as above. */
        Optional<String> apiUrl();

        /** OAuth scope asked for: {@code user:info} is all the portal needs (name and groups). */
        @WithDefault("user:info")
        String scope();
    }

    interface Oidc {
        /** Issuer URL with discovery, e.g. {@code https://keycloak.example.com/realms/llmaas}. */
        Optional<String> authServerUrl();

        /** Scopes asked for besides {@code openid}. */
        @WithDefault("profile,email")
        List<String> scopes();

        /** ID token claim that holds the user name. */
        @WithDefault("preferred_username")
        String usernameClaim();

        /** ID token claim that holds the groups (an array, or a comma-separated string). */
        @WithDefault("groups")
        String groupsClaim();

        /** ID token claim that holds the email address. */
        @WithDefault("email")
        String emailClaim();
    }

    interface Roles {
        /** Members of any of these groups are portal admins. */
        @WithDefault("llmaas-admins")
        List<String> adminGroups();

        /** Members of any of these groups see the whole admin console but change nothing. */
        @WithDefault("llmaas-readonly")
        List<String> adminReadonlyGroups();

        /** Only members of these groups may use the portal; unset means every user who can log in. */
        Optional<List<String>> userGroups();

        /** User names that are admins whatever their groups, to bootstrap a fresh installation. */
        Optional<List<String>> initialAdmins();
    }

    interface DevOauth {
        /** Serve a fake OpenShift OAuth server under {@code /dev-oauth} and log in through it. Never in production. */
        @WithDefault("false")
        boolean enabled();

        /** Groups offered as check boxes on the fake login page. */
        @WithDefault("llmaas-admins,llmaas-readonly,developers")
        List<String> suggestedGroups();
    }

    interface Sessions {
        /** How long a login lasts at most; the user logs in again after it. */
        @WithDefault("12h")
        Duration maxAge();

        /** A session unused for this long ends. */
        @WithDefault("8h")
        Duration idleTimeout();

        /** How often at most a session's last-seen time is written (each request would be too many writes). */
        @WithDefault("1m")
        Duration lastSeenResolution();
    }

    interface KeyDefaults {
        /** Budget (USD) a new self-service key gets unless the user picks another. */
        @WithDefault("10")
        BigDecimal defaultMaxBudget();

        /** Largest budget (USD) a user may give a self-service key. */
        @WithDefault("100")
        BigDecimal maxBudgetLimit();

        /** Budget period of new keys, LiteLLM style: {@code 1h}, {@code 1d}, {@code 30d}, {@code 1mo}. */
        @WithDefault("30d")
        String budgetDuration();

        /** Requests per minute a new key gets. */
        @WithDefault("60")
        int defaultRpm();

        /** Largest requests-per-minute limit a user may set. */
        @WithDefault("600")
        int maxRpm();

        /** Tokens per minute a new key gets. */
        @WithDefault("100000")
        int defaultTpm();

        /** Largest tokens-per-minute limit a user may set. */
        @WithDefault("1000000")
        int maxTpm();

        /** Days until a new key expires. */
        @WithDefault("90")
        int defaultExpiryDays();

        /** Most days a user may let a key live. */
        @WithDefault("365")
        int maxExpiryDays();

        /** Which models a self-service key may call: {@code SUBSCRIBED_ONLY} or {@code ALL_UNRESTRICTED}. */
        @WithDefault("SUBSCRIBED_ONLY")
        String modelsPolicy();
    }

    interface Audit {
        /** Entries per page of the audit log. */
        @WithDefault("50")
        int pageSize();
    }
}
