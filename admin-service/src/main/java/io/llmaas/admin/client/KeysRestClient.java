package io.llmaas.admin.client;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
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
 * keys-service's native management API as the portal calls it: always with the service token, and with the portal user
 * in {@code X-Acting-User} (keys-service then applies that user's role) except for the login upsert. Only
 * {@link KeysClient} uses this interface; paths and shapes of keys-service live here and in {@link KeysApi}.
 */
@RegisterRestClient(configKey = "keys")
@RegisterProvider(RequestIdPropagation.class)
@ClientHeaderParam(name = InternalApi.AUTHORIZATION, value = "{serviceToken}")
@Path("/api")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
interface KeysRestClient {

    String ACTING = InternalApi.ACTING_USER;

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return RemoteErrors.toException("keys-service", response);
    }

    /** The service token (the llmaas-internal Secret), as every call's {@code Authorization} header. */
    default String serviceToken() {
        return "Bearer " + ConfigProvider.getConfig().getValue("llmaas.internal.token", String.class);
    }

    /**
     * Creates the user or refreshes it (email, display name, role); 201 when created, 200 otherwise. Called as the
     * platform itself (no {@code X-Acting-User}): at a first login the user does not exist yet.
     */
    @PUT
    @Path("/users/by-external-id")
    KeysApi.User upsertUser(UserUpsert user);

    // Catalog

    @GET
    @Path("/models")
    List<KeysApi.Model> models(@HeaderParam(ACTING) String actingUser);

    @GET
    @Path("/models/{alias}")
    KeysApi.Model model(@HeaderParam(ACTING) String actingUser, @PathParam("alias") String alias);

    @POST
    @Path("/models")
    KeysApi.Model createModel(@HeaderParam(ACTING) String actingUser, KeysApi.ModelForm model);

    @PATCH
    @Path("/models/{alias}")
    KeysApi.Model updateModel(@HeaderParam(ACTING) String actingUser, @PathParam("alias") String alias,
            KeysApi.ModelForm model);

    @PATCH
    @Path("/models/{alias}")
    KeysApi.Model switchModel(@HeaderParam(ACTING) String actingUser, @PathParam("alias") String alias,
            KeysApi.ModelSwitches switches);

    @DELETE
    @Path("/models/{alias}")
    void deleteModel(@HeaderParam(ACTING) String actingUser, @PathParam("alias") String alias);

    @POST
    @Path("/models/{alias}/deployments")
    KeysApi.Deployment addDeployment(@HeaderParam(ACTING) String actingUser, @PathParam("alias") String alias,
            KeysApi.NewDeployment deployment);

    @DELETE
    @Path("/deployments/{id}")
    void deleteDeployment(@HeaderParam(ACTING) String actingUser, @PathParam("id") String id);

    @POST
    @Path("/deployments/{id}/test")
    KeysApi.ConnectionTest testDeployment(@HeaderParam(ACTING) String actingUser, @PathParam("id") String id);

    // Subscriptions

    @GET
    @Path("/subscriptions")
    List<KeysApi.Subscription> subscriptions(@HeaderParam(ACTING) String actingUser,
            @QueryParam("userId") String userId, @QueryParam("teamId") String teamId,
            @QueryParam("status") String status, @QueryParam("size") int size);

    @GET
    @Path("/subscriptions/{id}")
    KeysApi.Subscription subscription(@HeaderParam(ACTING) String actingUser, @PathParam("id") String id);

    @GET
    @Path("/subscriptions/{id}/history")
    List<KeysApi.SubscriptionEvent> subscriptionHistory(@HeaderParam(ACTING) String actingUser,
            @PathParam("id") String id);

    @POST
    @Path("/subscriptions")
    KeysApi.Subscription subscribe(@HeaderParam(ACTING) String actingUser, KeysApi.NewSubscription subscription);

    /** {@code action}: approve, deny, cancel, request-review or revert. */
    @POST
    @Path("/subscriptions/{id}/{action}")
    KeysApi.Subscription transition(@HeaderParam(ACTING) String actingUser, @PathParam("id") String id,
            @PathParam("action") String action, KeysApi.Reason reason);

    /** {@code action}: approve or deny. */
    @POST
    @Path("/subscriptions/bulk/{action}")
    List<KeysApi.Subscription> decideAll(@HeaderParam(ACTING) String actingUser, @PathParam("action") String action,
            KeysApi.BulkDecision decision);

    // Keys

    @GET
    @Path("/keys")
    List<KeysApi.Key> keys(@HeaderParam(ACTING) String actingUser, @QueryParam("userId") String userId,
            @QueryParam("teamId") String teamId, @QueryParam("size") int size);

    @GET
    @Path("/keys/{id}")
    KeysApi.Key key(@HeaderParam(ACTING) String actingUser, @PathParam("id") String id);

    @POST
    @Path("/keys")
    KeysApi.CreatedKey createKey(@HeaderParam(ACTING) String actingUser, KeysApi.NewKey key);

    @POST
    @Path("/keys/{id}/rotate")
    KeysApi.CreatedKey rotateKey(@HeaderParam(ACTING) String actingUser, @PathParam("id") String id,
            KeysApi.Rotation rotation);

    /** {@code action}: block or unblock. */
    @POST
    @Path("/keys/{id}/{action}")
    KeysApi.Key blockKey(@HeaderParam(ACTING) String actingUser, @PathParam("id") String id,
            @PathParam("action") String action);

    @DELETE
    @Path("/keys/{id}")
    void deleteKey(@HeaderParam(ACTING) String actingUser, @PathParam("id") String id);

    // Users and teams

    @GET
    @Path("/users")
    List<KeysApi.User> users(@HeaderParam(ACTING) String actingUser, @QueryParam("size") int size);

    @GET
    @Path("/users/{id}")
    KeysApi.User user(@HeaderParam(ACTING) String actingUser, @PathParam("id") String id);

    @PATCH
    @Path("/users/{id}")
    KeysApi.User updateUser(@HeaderParam(ACTING) String actingUser, @PathParam("id") String id,
            KeysApi.Limits limits);

    @GET
    @Path("/teams")
    List<KeysApi.Team> teams(@HeaderParam(ACTING) String actingUser, @QueryParam("userId") String userId,
            @QueryParam("size") int size);

    @GET
    @Path("/teams/{id}")
    KeysApi.Team team(@HeaderParam(ACTING) String actingUser, @PathParam("id") String id);

    @POST
    @Path("/teams")
    KeysApi.Team createTeam(@HeaderParam(ACTING) String actingUser, KeysApi.NewTeam team);

    @PATCH
    @Path("/teams/{id}")
    KeysApi.Team updateTeam(@HeaderParam(ACTING) String actingUser, @PathParam("id") String id,
            KeysApi.Limits limits);

    @DELETE
    @Path("/teams/{id}")
    void deleteTeam(@HeaderParam(ACTING) String actingUser, @PathParam("id") String id);

    @POST
    @Path("/teams/{id}/members")
    KeysApi.Team addMember(@HeaderParam(ACTING) String actingUser, @PathParam("id") String teamId,
            KeysApi.NewMember member);

    @DELETE
    @Path("/teams/{id}/members/{userId}")
    KeysApi.Team removeMember(@HeaderParam(ACTING) String actingUser, @PathParam("id") String teamId,
            @PathParam("userId") String userId);

    /** {@code holder}: users, teams, keys or subscriptions. */
    @POST
    @Path("/{holder}/{id}/spend")
    KeysApi.Budget resetSpend(@HeaderParam(ACTING) String actingUser, @PathParam("holder") String holder,
            @PathParam("id") String id, KeysApi.SpendReset reset);
}
