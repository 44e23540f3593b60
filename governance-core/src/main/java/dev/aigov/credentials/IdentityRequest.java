package dev.aigov.credentials;

import dev.aigov.build.BuildRef;

import java.time.Duration;
import java.util.Objects;

/**
 * A request for one role's credentials for one run.
 *
 * @param build    the run
 * @param role     the policy's identity role name
 * @param ttl      requested lifetime, or null for the role's own
 * @param agent    the AI agent's name that will use it, or empty
 * @param node     the agent/node the body runs on, or empty
 * @param commit   the commit under build, or empty
 * @param audience a JWT audience overriding the role's, or empty
 * @param gateDecision the run's gate decision so far ({@code PASS}, {@code APPROVAL_REQUIRED}, {@code APPROVED},
 *                     {@code REJECTED}, {@code FAIL}), or empty when no gate has run; carried into the workload
 *                     identity so that a relying party (Vault's JWT auth) can bind on it
 */
public record IdentityRequest(BuildRef build, String role, Duration ttl, String agent, String node, String commit,
                              String audience, String gateDecision) {

    public IdentityRequest(BuildRef build, String role, Duration ttl, String agent, String node, String commit,
                           String audience) {
        this(build, role, ttl, agent, node, commit, audience, "");
    }

    public IdentityRequest {
        Objects.requireNonNull(build, "build");
        Objects.requireNonNull(role, "role");
        agent = agent == null ? "" : agent;
        node = node == null ? "" : node;
        commit = commit == null ? "" : commit;
        audience = audience == null ? "" : audience;
        gateDecision = gateDecision == null ? "" : gateDecision;
    }
}
