package io.llmaas.admin.client;

import java.io.InputStream;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.llmaas.contracts.internal.InternalApi;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;

/**
 * usage-service's analytics, export and alerts as the portal calls them: with the service token and the portal user in
 * {@code X-Acting-User} (for its log). usage-service trusts the caller with every filter, so the portal decides which
 * filters a user may use ({@link io.llmaas.admin.service.UsageScope}). Only {@link UsageClient} uses this interface.
 * Times are ISO instants; {@code to} is exclusive.
 */
@RegisterRestClient(configKey = "usage")
@RegisterProvider(RequestIdPropagation.class)
@ClientHeaderParam(name = InternalApi.AUTHORIZATION, value = "{serviceToken}")
@Path("/api")
interface UsageRestClient {

    String ACTING = InternalApi.ACTING_USER;

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return RemoteErrors.toException("usage-service", response);
    }

    /** The service token (the llmaas-internal Secret), as every call's {@code Authorization} header. */
    default String serviceToken() {
        return "Bearer " + ConfigProvider.getConfig().getValue("llmaas.internal.token", String.class);
    }

    @GET
    @Path("/usage/summary")
    @Produces(MediaType.APPLICATION_JSON)
    UsageApi.Summary summary(@HeaderParam(ACTING) String actingUser, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("keyId") String keyId, @QueryParam("userId") String userId,
            @QueryParam("teamId") String teamId, @QueryParam("model") String model);

    /** {@code by}: key, user, team or model; rows ordered by cost. */
    @GET
    @Path("/usage/breakdown")
    @Produces(MediaType.APPLICATION_JSON)
    UsageApi.Breakdown breakdown(@HeaderParam(ACTING) String actingUser, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("keyId") String keyId, @QueryParam("userId") String userId,
            @QueryParam("teamId") String teamId, @QueryParam("model") String model, @QueryParam("by") String by,
            @QueryParam("limit") int limit);

    /** {@code granularity}: hour or day; {@code by} (optional) splits the series. */
    @GET
    @Path("/usage/timeseries")
    @Produces(MediaType.APPLICATION_JSON)
    UsageApi.Series timeseries(@HeaderParam(ACTING) String actingUser, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("keyId") String keyId, @QueryParam("userId") String userId,
            @QueryParam("teamId") String teamId, @QueryParam("model") String model,
            @QueryParam("granularity") String granularity, @QueryParam("by") String by);

    /** Every raw event of the range as CSV, streamed by usage-service from a database cursor. */
    @GET
    @Path("/usage/export")
    @Produces("text/csv")
    InputStream exportCsv(@HeaderParam(ACTING) String actingUser, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("keyId") String keyId, @QueryParam("userId") String userId,
            @QueryParam("teamId") String teamId, @QueryParam("model") String model,
            @QueryParam("format") String format);

    @GET
    @Path("/alerts")
    @Produces(MediaType.APPLICATION_JSON)
    List<UsageApi.Alert> alerts(@HeaderParam(ACTING) String actingUser, @QueryParam("state") String state,
            @QueryParam("scopeType") String scopeType, @QueryParam("limit") int limit);
}
