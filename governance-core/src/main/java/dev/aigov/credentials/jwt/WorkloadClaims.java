package dev.aigov.credentials.jwt;

import dev.aigov.credentials.IdentityRequest;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a workload identity token says about the run. {@code sub} is {@code job#build}.
 *
 * @param job    the job's full name
 * @param build  the run's number or id
 * @param role   the role requested
 * @param commit the commit under build, or empty
 * @param agent  the AI agent's name, or empty
 * @param extra  further string claims (e.g. {@code decision}: the gate's decision so far); may not replace the
 *               registered or run claims
 */
public record WorkloadClaims(String job, String build, String role, String commit, String agent,
                             Map<String, String> extra) {
    static final Set<String> RESERVED = Set.of("iss", "sub", "aud", "iat", "nbf", "exp", "jti",
            "job", "build", "role", "commit", "agent");

    public WorkloadClaims {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(build, "build");
        Objects.requireNonNull(role, "role");
        commit = commit == null ? "" : commit;
        agent = agent == null ? "" : agent;
        extra = Map.copyOf(extra == null ? Map.of() : extra);
        for (String name : extra.keySet()) {
            if (RESERVED.contains(name)) {
                throw new IllegalArgumentException("extra claim '" + name + "' would replace a reserved claim");
            }
        }
    }

    public static WorkloadClaims of(IdentityRequest request) {
        return new WorkloadClaims(request.build().job(), request.build().number(), request.role(), request.commit(),
                request.agent(), request.gateDecision().isEmpty() ? Map.of() : Map.of("gate", request.gateDecision()));
    }

    public String subject() {
        return job + "#" + build;
    }
}
