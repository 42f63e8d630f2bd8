package io.llmaas.admin.web;

import io.llmaas.admin.client.KeysApi;

/** The limits-and-budget form of a user or team in the admin console. Blank fields remove the limit. */
public final class LimitsForm {

    private LimitsForm() {
    }

    public static Form of(Long rpm, Long tpm, Integer parallel, KeysApi.Budget budget) {
        Form form = Form.empty().preset("rpmLimit", rpm).preset("tpmLimit", tpm).preset("maxParallel", parallel);
        if (budget != null && !budget.sharedBudget()) {
            form.preset("maxBudget", budget.maxBudget()).preset("budgetDuration", budget.duration());
        }
        return form;
    }

    public static KeysApi.Limits read(Form form) {
        return new KeysApi.Limits(form.whole("rpmLimit"), form.whole("tpmLimit"), form.integer("maxParallel"),
                form.amount("maxBudget"), form.text("budgetDuration"));
    }
}
