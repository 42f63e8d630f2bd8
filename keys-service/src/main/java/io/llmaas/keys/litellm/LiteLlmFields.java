package io.llmaas.keys.litellm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.llmaas.keys.rest.JsonBody;
import io.llmaas.keys.security.Role;
import io.llmaas.keys.service.BudgetSpec;
import io.llmaas.keys.service.KeyFields;
import io.llmaas.keys.service.Problems;
import io.llmaas.keys.service.Settable;
import io.llmaas.keys.service.TeamFields;
import io.llmaas.keys.service.UserFields;

/**
 * LiteLLM's request field names, mapped onto keys-service's fields. Fields LiteLLM has that we accept and do not act
 * on are listed in the README ("LiteLLM compatibility").
 */
final class LiteLlmFields {

    /** LiteLLM's duration strings: {@code 30s}, {@code 30m}, {@code 30h}, {@code 30d}, {@code 1mo}. */
    private static final Pattern DURATION = Pattern.compile("(\\d{1,6})(s|m|h|d|w|mo)");

    static final Set<String> ADMIN_ROLES = Set.of("proxy_admin");
    static final Set<String> READONLY_ROLES = Set.of("proxy_admin_viewer");

    private LiteLlmFields() {
    }

    static BudgetSpec budget(JsonBody b) {
        return new BudgetSpec(b.decimal("max_budget"), b.decimal("soft_budget"), b.text("budget_duration"),
                b.integers("budget_thresholds"), b.text("budget_id"));
    }

    static KeyFields key(JsonBody b, Clock clock) {
        Settable<String> duration = b.text("duration");
        Settable<Instant> expires = Settable.absent();
        if (duration.present()) {
            expires = Settable.of(duration.value() == null ? null
                    : clock.instant().plus(duration(b, "duration", duration.value())));
        }
        return new KeyFields(b.text("key_alias"), b.text("user_id"), b.text("team_id"), b.strings("models"),
                b.count("rpm_limit"), b.count("tpm_limit"), b.integer("max_parallel_requests"),
                b.counts("model_rpm_limit"), b.counts("model_tpm_limit"), expires, b.bool("blocked"),
                b.object("metadata"), budget(b));
    }

    static UserFields user(JsonBody b) {
        Settable<String> role = b.text("user_role");
        Settable<String> mapped = role.present() ? Settable.of(role(b, role.value())) : Settable.absent();
        return new UserFields(b.text("sso_user_id"), b.text("user_email"), b.text("user_alias"), mapped,
                b.strings("models"), b.count("rpm_limit"), b.count("tpm_limit"), b.integer("max_parallel_requests"),
                b.object("metadata"), budget(b));
    }

    static TeamFields team(JsonBody b) {
        return new TeamFields(b.text("team_alias"), b.strings("models"), b.count("rpm_limit"), b.count("tpm_limit"),
                b.integer("max_parallel_requests"), b.bool("blocked"), b.object("metadata"), budget(b));
    }

    /** LiteLLM's user roles onto ours: proxy_admin → admin, proxy_admin_viewer → admin-readonly, others → user. */
    static String role(JsonBody b, String litellmRole) {
        if (litellmRole == null) {
            return Role.USER.wireName();
        }
        if (ADMIN_ROLES.contains(litellmRole)) {
            return Role.ADMIN.wireName();
        }
        if (READONLY_ROLES.contains(litellmRole)) {
            return Role.ADMIN_READONLY.wireName();
        }
        if (Role.parse(litellmRole).isPresent()) {
            return Role.parse(litellmRole).get().wireName();
        }
        if (Set.of("internal_user", "internal_user_viewer", "team", "customer").contains(litellmRole)) {
            return Role.USER.wireName();
        }
        b.problems().add("user_role", "must be proxy_admin, proxy_admin_viewer, internal_user, "
                + "internal_user_viewer (or admin, admin-readonly, user)");
        return null;
    }

    static String litellmRole(String role) {
        return switch (role) {
            case "admin" -> "proxy_admin";
            case "admin-readonly" -> "proxy_admin_viewer";
            default -> "internal_user";
        };
    }

    /** Team member roles: LiteLLM's {@code user} is our {@code member}. */
    static String memberRole(String litellmRole) {
        if (litellmRole == null || litellmRole.equals("user")) {
            return "member";
        }
        return litellmRole;
    }

    static String litellmMemberRole(String role) {
        return role.equals("member") ? "user" : role;
    }

    static Duration duration(JsonBody b, String field, String value) {
        Matcher m = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            b.problems().add(field, "must be a duration such as 30s, 30m, 24h, 30d or 1mo");
            return Duration.ZERO;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            case "w" -> Duration.ofDays(7 * n);
            default -> Duration.ofDays(30 * n);
        };
    }

    static void rejectCustomKey(JsonBody b) {
        if (b.has("key") && !b.node().get("key").isNull()) {
            throw Problems.single("key", "custom key values are not accepted: keys are generated from a CSPRNG");
        }
    }
}
