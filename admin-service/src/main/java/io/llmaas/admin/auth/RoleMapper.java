package io.llmaas.admin.auth;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.llmaas.admin.config.AdminConfig;

/**
 * Portal roles from the identity provider's groups, computed afresh at every login: leaving the admin group takes
 * admin away at the next login. Configured initial admins are admins whatever their groups.
 */
@ApplicationScoped
public class RoleMapper {

    private final AdminConfig.Roles config;

    public RoleMapper(AdminConfig config) {
        this.config = config.roles();
    }

    public Set<String> rolesFor(String username, Collection<String> groups) {
        Set<String> roles = new LinkedHashSet<>();
        boolean admin = config.initialAdmins().orElse(List.of()).contains(username)
                || intersects(groups, config.adminGroups());
        boolean readonly = admin || intersects(groups, config.adminReadonlyGroups());
        boolean user = readonly || config.userGroups().map(required -> intersects(groups, required)).orElse(true);
        if (user) {
            roles.add(PortalRoles.USER);
        }
        if (readonly) {
            roles.add(PortalRoles.ADMIN_READONLY);
        }
        if (admin) {
            roles.add(PortalRoles.ADMIN);
        }
        return Set.copyOf(roles);
    }

    private static boolean intersects(Collection<String> groups, List<String> wanted) {
        return groups.stream().anyMatch(wanted::contains);
    }
}
