package io.llmaas.admin.rest;

import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import io.llmaas.admin.client.KeysApi;
import io.llmaas.admin.web.Form;
import io.llmaas.admin.web.LimitsForm;
import io.llmaas.contracts.error.ApiException;
import io.quarkus.qute.TemplateInstance;

/** The limits-and-budget form of a user or a team, submitted: saved and redirected, or shown again with its errors. */
final class LimitsUpdate {

    private LimitsUpdate() {
    }

    static Response submit(MultivaluedMap<String, String> submitted, Consumer<KeysApi.Limits> save,
            Supplier<Response> saved, Function<Form, TemplateInstance> pageAgain) {
        Form form = Form.submitted(submitted);
        KeysApi.Limits limits = LimitsForm.read(form);
        if (!form.invalid()) {
            try {
                save.accept(limits);
                return saved.get();
            } catch (ApiException e) {
                form.refusedBy(e);
            }
        }
        return Response.status(400).entity(pageAgain.apply(form)).build();
    }
}
