package io.llmaas.admin.web;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.llmaas.admin.service.KeySettings;
import io.llmaas.contracts.error.ApiError;

/**
 * The key settings form: its fields in page order, the values as typed (so a refused form shows what was entered),
 * and conversion to {@link KeySettings}.
 */
public final class SettingsForm {

    /** One input of the form. {@code options} is empty for text inputs. */
    public record Field(String name, String label, String value, String help, String error, String inputMode,
            List<String> options) {
    }

    private record Spec(String name, String label, String help, String inputMode, List<String> options) {
    }

    private static final List<Spec> SPECS = List.of(
            new Spec("defaultMaxBudget", "Default budget (USD)",
                    "Budget a new key gets unless its owner picks another.", "decimal", List.of()),
            new Spec("maxBudgetLimit", "Maximum budget (USD)",
                    "The largest budget a user may give a key.", "decimal", List.of()),
            new Spec("budgetDuration", "Budget period",
                    "When a key's budget resets: 1h, 1d, 7d, 30d or 1mo.", "text", List.of()),
            new Spec("modelsPolicy", "Models a key may call",
                    "SUBSCRIBED_ONLY: the owner's subscribed models. "
                            + "ALL_UNRESTRICTED: also models that need no approval.",
                    "text", KeySettings.MODELS_POLICIES),
            new Spec("defaultRpm", "Default requests per minute",
                    "RPM limit of a new key.", "numeric", List.of()),
            new Spec("maxRpm", "Maximum requests per minute",
                    "The highest RPM limit a user may set.", "numeric", List.of()),
            new Spec("defaultTpm", "Default tokens per minute",
                    "TPM limit of a new key.", "numeric", List.of()),
            new Spec("maxTpm", "Maximum tokens per minute",
                    "The highest TPM limit a user may set.", "numeric", List.of()),
            new Spec("defaultExpiryDays", "Default lifetime (days)",
                    "Days until a new key expires.", "numeric", List.of()),
            new Spec("maxExpiryDays", "Maximum lifetime (days)",
                    "The longest lifetime a user may give a key.", "numeric", List.of()));

    private SettingsForm() {
    }

    /** The form filled with saved settings. */
    public static List<Field> of(KeySettings settings) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("defaultMaxBudget", settings.defaultMaxBudget().toPlainString());
        values.put("maxBudgetLimit", settings.maxBudgetLimit().toPlainString());
        values.put("budgetDuration", settings.budgetDuration());
        values.put("modelsPolicy", settings.modelsPolicy());
        values.put("defaultRpm", String.valueOf(settings.defaultRpm()));
        values.put("maxRpm", String.valueOf(settings.maxRpm()));
        values.put("defaultTpm", String.valueOf(settings.defaultTpm()));
        values.put("maxTpm", String.valueOf(settings.maxTpm()));
        values.put("defaultExpiryDays", String.valueOf(settings.defaultExpiryDays()));
        values.put("maxExpiryDays", String.valueOf(settings.maxExpiryDays()));
        return of(values, List.of());
    }

    /** The form as submitted, with the problems found in it. */
    public static List<Field> of(Map<String, String> values, List<ApiError.FieldError> errors) {
        Map<String, String> errorByField = new LinkedHashMap<>();
        errors.forEach(error -> errorByField.putIfAbsent(error.field(), error.message()));
        List<Field> fields = new ArrayList<>();
        for (Spec spec : SPECS) {
            String value = values.get(spec.name());
            fields.add(new Field(spec.name(), spec.label(), value == null ? "" : value, spec.help(),
                    errorByField.get(spec.name()), spec.inputMode(), spec.options()));
        }
        return fields;
    }

    /** Reads submitted values; a value that is not a number is reported like any other invalid value. */
    public static KeySettings parse(Map<String, String> values, List<ApiError.FieldError> problems) {
        return new KeySettings(decimal(values, "defaultMaxBudget", problems),
                decimal(values, "maxBudgetLimit", problems),
                Form.optional(values.get("budgetDuration")), integer(values, "defaultRpm", problems),
                integer(values, "maxRpm", problems), integer(values, "defaultTpm", problems),
                integer(values, "maxTpm", problems), integer(values, "defaultExpiryDays", problems),
                integer(values, "maxExpiryDays", problems), Form.optional(values.get("modelsPolicy")), null, null);
    }

    private static BigDecimal decimal(Map<String, String> values, String field, List<ApiError.FieldError> problems) {
        String value = Form.optional(values.get(field));
        try {
            return value == null ? null : new BigDecimal(value);
        } catch (NumberFormatException e) {
            problems.add(new ApiError.FieldError(field, "must be an amount such as 25 or 12.50"));
            return null;
        }
    }

    private static Integer integer(Map<String, String> values, String field, List<ApiError.FieldError> problems) {
        String value = Form.optional(values.get(field));
        try {
            return value == null ? null : Integer.valueOf(value);
        } catch (NumberFormatException e) {
            problems.add(new ApiError.FieldError(field, "must be a whole number"));
            return null;
        }
    }
}
