package dev.aigov.approval;

import java.util.List;
import java.util.Objects;

/**
 * Who acts on a request, as the caller's identity provider vouches (Jenkins' authenticated user, the CLI's
 * {@code --approver}/{@code --groups}); never taken from the request itself.
 *
 * @param id     user id or e-mail
 * @param groups the groups the identity provider puts the user in
 */
public record Approver(String id, List<String> groups) {
    public Approver {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("approver id is empty");
        }
        id = id.strip();
        groups = List.copyOf(groups);
    }
}
