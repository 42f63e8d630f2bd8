package io.llmaas.admin.web;

import java.util.List;

import io.llmaas.admin.client.KeysApi;
import io.quarkus.qute.TemplateExtension;

/** The admin console's model and deployment forms: filling them from keys-service and reading them back. */
public final class ModelForms {

    public static final List<String> CAPABILITIES = List.of("chat", "completions", "embeddings");
    public static final List<String> BACKENDS = List.of("openai", "ollama", "mock");

    private ModelForms() {
    }

    /** The capabilities a model may have, for the form ({@code models:capabilities}). */
    @TemplateExtension(namespace = "models")
    static List<String> capabilities() {
        return CAPABILITIES;
    }

    /** The backends a deployment may use, for the form ({@code models:backends}). */
    @TemplateExtension(namespace = "models")
    static List<String> backends() {
        return BACKENDS;
    }

    /** The edit form filled with a model as it is. */
    public static Form of(KeysApi.Model model) {
        Form form = Form.empty().preset("alias", model.alias()).preset("description", model.description())
                .preset("contextWindow", model.contextWindow()).preset("inputPricePer1M", model.inputPricePer1M())
                .preset("outputPricePer1M", model.outputPricePer1M());
        form.presetAll("capabilities", model.capabilities() == null ? List.of() : model.capabilities());
        if (model.restricted()) {
            form.preset("restricted", "true");
        }
        if (model.enabled()) {
            form.preset("enabled", "true");
        }
        return form;
    }

    /** The model as the submitted form describes it. */
    public static KeysApi.ModelForm model(Form form) {
        return new KeysApi.ModelForm(form.text("alias"), form.text("description"), form.all("capabilities"),
                form.integer("contextWindow"), form.amount("inputPricePer1M"), form.amount("outputPricePer1M"),
                form.flag("restricted"), form.flag("enabled"));
    }

    /** A deployment as the submitted form describes it; null when the form leaves the deployment out. */
    public static KeysApi.NewDeployment deployment(Form form) {
        if (form.text("baseUrl") == null && form.text("upstreamModel") == null) {
            return null;
        }
        return new KeysApi.NewDeployment(form.text("backend"), form.text("baseUrl"), form.text("upstreamModel"),
                form.integer("weight"), form.whole("rpmLimit"), form.whole("tpmLimit"), form.text("apiKey"));
    }
}
