package io.llmaas.keys.rest;

import java.util.Optional;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.llmaas.keys.security.CurrentCaller;
import io.llmaas.keys.service.LiteLlmConfigImporter;

@Path("/api/import/litellm")
@Tag(name = "Import")
public class ImportResource {

    private final LiteLlmConfigImporter importer;
    private final CurrentCaller caller;

    public ImportResource(LiteLlmConfigImporter importer, CurrentCaller caller) {
        this.importer = importer;
        this.caller = caller;
    }

    @POST
    @Consumes({ "application/yaml", "application/x-yaml", "text/yaml", MediaType.TEXT_PLAIN })
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Import a LiteLLM config.yaml (model_list, router_settings, general_settings.master_key)",
            description = "os.environ/NAME values are read from keys-service's environment. Idempotent: entries "
                    + "already in the catalog are skipped. All or nothing.")
    public LiteLlmConfigImporter.Report importConfig(String yaml) {
        return importer.importYaml(caller.get(), yaml, name -> Optional.ofNullable(System.getenv(name)));
    }
}
