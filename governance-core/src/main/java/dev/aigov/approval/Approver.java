package dev.aigov.approval;

import java.util.List;
import java.util.Objects;

/**
 * Who acts on a request, as the caller's identity provider vouches (Jenkins' authenticated user, the CLI's
 * principal of a verified SSH signature, with the trusted policy's {@code approval.groups}); never taken from the
 * request itself.
 *
 * @param id         user id or e-mail
 * @param groups     the groups the identity provider puts the user in
 * @param identities other names the identity provider vouches for the same person (full name, e-mail, and the
 *                   recorded ids its own id comparison finds equal): separation of duties holds against each
 */
public record Approver(String id, List<String> groups, List<String> identities) {
    public Approver {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("approver id is empty");
        }
        id = id.strip();
        groups = List.copyOf(groups);
        identities = identities.stream().filter(i -> i != null && !i.isBlank()).map(String::strip).toList();
    }

    public Approver(String id, List<String> groups) {
        this(id, groups, List.of());
    }
}
