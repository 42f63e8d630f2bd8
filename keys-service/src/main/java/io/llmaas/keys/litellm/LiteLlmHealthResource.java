package io.llmaas.keys.litellm;

import jakarta.persistence.EntityManager;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** LiteLLM's unauthenticated health endpoints (Kubernetes probes use {@code /q/health/*}). */
@Path("/health")
@Tag(name = "LiteLLM-compatible: health")
@Produces(MediaType.APPLICATION_JSON)
public class LiteLlmHealthResource {

    private final EntityManager em;
    private final LiteLlmViews views;

    public LiteLlmHealthResource(EntityManager em, LiteLlmViews views) {
        this.em = em;
        this.views = views;
    }

    @GET
    @Path("/liveliness")
    @Operation(summary = "LiteLLM /health/liveliness")
    public String liveliness() {
        return "\"I'm alive!\"";
    }

    @GET
    @Path("/readiness")
    @Operation(summary = "LiteLLM /health/readiness: status and database connectivity")
    public Response readiness() {
        ObjectNode answer = views.object();
        try {
            em.createNativeQuery("select 1").getSingleResult();
            answer.put("status", "healthy");
            answer.put("db", "connected");
            return Response.ok(answer).build();
        } catch (RuntimeException e) {
            answer.put("status", "unhealthy");
            answer.put("db", "Not connected");
            return Response.status(503).entity(answer).build();
        }
    }
}
