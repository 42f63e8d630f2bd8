package io.llmaas.admin.web;

import java.util.List;

import io.llmaas.admin.service.KeyRequest;
import io.llmaas.admin.service.KeySettings;

/**
 * The "create a key" form: its values (the key settings' defaults until the user types others), the models the key
 * may be given, and the limits the page shows next to each field.
 *
 * @param action where the form posts: {@code /keys} for a personal key, {@code /teams/{id}/keys} for a team key
 */
public record KeyForm(Form form, List<String> modelChoices, KeySettings settings, String action) {

    public static KeyForm blank(KeySettings settings, List<String> modelChoices, String action) {
        return of(Form.empty(), settings, modelChoices, action);
    }

    public static KeyForm of(Form form, KeySettings settings, List<String> modelChoices, String action) {
        form.preset("expiryDays", settings.defaultExpiryDays()).preset("maxBudget", settings.defaultMaxBudget())
                .preset("rpmLimit", settings.defaultRpm()).preset("tpmLimit", settings.defaultTpm());
        return new KeyForm(form, modelChoices, settings, action);
    }

    public String expiryHelp() {
        return "Up to " + settings.maxExpiryDays() + " days.";
    }

    public String budgetHelp() {
        return "Per " + settings.budgetDuration() + "; at most " + settings.maxBudgetLimit().toPlainString() + " USD.";
    }

    public String rpmHelp() {
        return "At most " + settings.maxRpm() + ".";
    }

    public String tpmHelp() {
        return "At most " + settings.maxTpm() + ".";
    }

    /** The request the submitted form makes; unreadable numbers are recorded as problems of the form. */
    public static KeyRequest read(Form form, String teamId) {
        return new KeyRequest(form.text("alias"), teamId, form.all("models"), form.integer("expiryDays"),
                form.amount("maxBudget"), form.integer("rpmLimit"), form.integer("tpmLimit"));
    }
}
