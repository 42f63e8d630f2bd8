package io.llmaas.admin.rest;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.llmaas.admin.web.CurrentUser;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.Authenticated;

/** Who the portal thinks the caller is: user name, groups and the roles they gave at login. */
@Path("/api/me")
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    @RegisterForReflection
    public record Me(String username, String displayName, String email, List<String> groups, List<String> roles) {

        public static Me from(CurrentUser user) {
            return new Me(user.getName(), user.getDisplayName(), user.getEmail(), user.getGroups(), user.getRoles());
        }
    }

    private final CurrentUser currentUser;

    public MeResource(CurrentUser currentUser) {
        this.currentUser = currentUser;
    }

    @GET
    @Authenticated
    public Me me() {
        return Me.from(currentUser);
    }
}
