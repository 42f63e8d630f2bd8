package io.llmaas.admin.service;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.llmaas.admin.client.KeysApi;
import io.llmaas.admin.client.KeysClient;
import io.llmaas.contracts.error.ApiError;
import io.llmaas.contracts.error.ApiException;

/**
 * A user's own API keys (and, for team members, their team's). Creating checks the request against the admin-set key
 * settings (budget, RPM, TPM, lifetime) and the models the owner may call; the secret of a new or rotated key passes
 * through to the page once and is kept nowhere. A key that is not the user's to manage is "not found".
 */
@ApplicationScoped
public class MyKeys {

    /** The longest time a rotated-out secret may keep working. */
    public static final Duration MAX_GRACE = Duration.ofDays(7);

    private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._\\- ]{0,63}");

    private final KeysClient keys;
    private final SettingsService settings;

    public MyKeys(KeysClient keys, SettingsService settings) {
        this.keys = keys;
        this.settings = settings;
    }

    /** The user's keys (personal and the team keys it created), newest first. */
    public List<KeysApi.Key> list(ActingUser me) {
        return keys.keys(me.id(), me.id(), null).stream()
                .sorted(Comparator.comparing(KeysApi.Key::createdAt).reversed()).toList();
    }

    /**
     * Models a new key may be given: the owner's active subscriptions, plus (policy {@code ALL_UNRESTRICTED}, personal
     * keys) every open model, to which the user is then subscribed.
     */
    public List<String> modelChoices(ActingUser me, String teamId) {
        Set<String> choices = new LinkedHashSet<>();
        if (teamId == null) {
            keys.subscriptions(me.id(), me.id(), null, "active").forEach(s -> choices.add(s.model()));
            if ("ALL_UNRESTRICTED".equals(settings.current().modelsPolicy())) {
                keys.models(me.id()).stream().filter(m -> m.enabled() && !m.restricted())
                        .forEach(m -> choices.add(m.alias()));
            }
        } else {
            keys.subscriptions(me.id(), null, teamId, "active").forEach(s -> choices.add(s.model()));
        }
        return choices.stream().sorted().toList();
    }

    public KeysApi.CreatedKey create(ActingUser me, KeyRequest request) {
        me.requireChangeRights();
        if (request.teamId() != null) {
            requireTeamRole(me, request.teamId(), Set.of("admin", "member"));
        }
        KeySettings limits = settings.current();
        List<String> choices = modelChoices(me, request.teamId());
        List<ApiError.FieldError> problems = new ArrayList<>();
        if (request.alias() != null && !ALIAS.matcher(request.alias()).matches()) {
            problems.add(new ApiError.FieldError("alias", "letters, digits, spaces, '.', '_' or '-', up to 64"));
        }
        List<String> models = request.models() == null ? List.of() : request.models();
        models.stream().filter(model -> !choices.contains(model)).findFirst().ifPresent(model -> problems.add(
                new ApiError.FieldError("models", "'" + model + "' is not among the models this key may call")));
        int expiryDays = within(problems, "expiryDays", request.expiryDays(), limits.defaultExpiryDays(),
                limits.maxExpiryDays());
        int rpm = within(problems, "rpmLimit", request.rpmLimit(), limits.defaultRpm(), limits.maxRpm());
        int tpm = within(problems, "tpmLimit", request.tpmLimit(), limits.defaultTpm(), limits.maxTpm());
        BigDecimal budget = request.maxBudget() == null ? limits.defaultMaxBudget() : request.maxBudget();
        if (budget.signum() <= 0 || budget.compareTo(limits.maxBudgetLimit()) > 0) {
            problems.add(new ApiError.FieldError("maxBudget",
                    "must be more than 0 and at most " + limits.maxBudgetLimit().toPlainString() + " USD"));
        }
        if (!problems.isEmpty()) {
            throw ApiException.invalidFields(problems);
        }
        if (request.teamId() == null) {
            subscribeToOpenModels(me, models);
        }
        KeysApi.NewKey key = new KeysApi.NewKey(request.alias(), request.teamId(), models, (long) rpm, (long) tpm,
                Instant.now().plus(Duration.ofDays(expiryDays)), budget, limits.budgetDuration());
        try {
            return keys.createKey(me.id(), key);
        } catch (ApiException e) {
            throw formFields(e);
        }
    }

    /** A key the user may manage: its own, or one of a team it administers. */
    public KeysApi.Key manageable(ActingUser me, String id) {
        KeysApi.Key key = Ownership.found("Key", id, () -> keys.key(me.id(), id));
        boolean own = me.id().equals(key.userId());
        boolean teamAdmin = key.teamId() != null && "admin".equals(teamRole(me, key.teamId()));
        if (!own && !teamAdmin) {
            throw ApiException.notFound("Key", id);
        }
        return key;
    }

    /** A new secret; the previous one keeps working for {@code grace} (at most {@link #MAX_GRACE}). */
    public KeysApi.CreatedKey rotate(ActingUser me, String id, Duration grace) {
        me.requireChangeRights();
        if (grace.isNegative() || grace.compareTo(MAX_GRACE) > 0) {
            throw ApiException.badRequest("grace", "the grace period is between none and 7 days");
        }
        manageable(me, id);
        return keys.rotateKey(me.id(), id, grace.toSeconds());
    }

    public KeysApi.Key setBlocked(ActingUser me, String id, boolean blocked) {
        me.requireChangeRights();
        manageable(me, id);
        return keys.setBlocked(me.id(), id, blocked);
    }

    public KeysApi.Key delete(ActingUser me, String id) {
        me.requireChangeRights();
        KeysApi.Key key = manageable(me, id);
        keys.deleteKey(me.id(), id);
        return key;
    }

    private void subscribeToOpenModels(ActingUser me, List<String> models) {
        Set<String> active = new LinkedHashSet<>();
        keys.subscriptions(me.id(), me.id(), null, "active").forEach(s -> active.add(s.model()));
        for (String model : models) {
            if (!active.contains(model)) {
                keys.subscribe(me.id(), new KeysApi.NewSubscription(me.id(), null, model,
                        "subscribed with a new key (open model)"));
            }
        }
    }

    private String teamRole(ActingUser me, String teamId) {
        return Ownership.found("Team", teamId, () -> keys.team(me.id(), teamId)).roleOf(me.id());
    }

    private void requireTeamRole(ActingUser me, String teamId, Set<String> roles) {
        String role = teamRole(me, teamId);
        if (role == null) {
            throw ApiException.notFound("Team", teamId);
        }
        if (!roles.contains(role)) {
            throw ApiException.forbidden("Team viewers cannot create team keys");
        }
    }

    private static int within(List<ApiError.FieldError> problems, String field, Integer value, int defaultValue,
            int max) {
        int chosen = value == null ? defaultValue : value;
        if (chosen < 1 || chosen > max) {
            problems.add(new ApiError.FieldError(field, "must be between 1 and " + max));
        }
        return chosen;
    }

    /** keys-service names the alias field {@code key_alias}; the form calls it {@code alias}. */
    private static ApiException formFields(ApiException e) {
        if (e.fields().isEmpty()) {
            return e;
        }
        return ApiException.invalidFields(e.fields().stream().map(f -> new ApiError.FieldError(
                "key_alias".equals(f.field()) ? "alias" : f.field(), f.message())).toList());
    }
}
