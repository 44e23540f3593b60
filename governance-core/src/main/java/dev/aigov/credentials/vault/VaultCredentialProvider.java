package dev.aigov.credentials.vault;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigov.credentials.CredentialException;
import dev.aigov.credentials.CredentialProvider;
import dev.aigov.credentials.IdentityRequest;
import dev.aigov.credentials.Lease;
import dev.aigov.credentials.LeaseHandle;
import dev.aigov.credentials.Secret;
import dev.aigov.policy.IdentityRole;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Design §6 {@code vault}: per lease, a per-build parent service token and under it the role's child service
 * token; a role with {@code secret:} reads that path with the child token so the secret's lease dies with it.
 * Revocation revokes dynamic leases, the parent by accessor (cascading to the child) and the login token, then
 * confirms each is gone. Every message is written here, in words; none carries a token or secret value.
 */
final class VaultCredentialProvider implements CredentialProvider {

    static final String ID = "vault";
    // Handle attributes: only accessors, lease ids and run metadata (what a later JWT login must claim).
    static final String CHILD_ACCESSOR = "child_accessor";
    static final String LOGIN_ACCESSOR = "login_accessor";
    static final String LEASE_IDS = "lease_ids";
    static final String AUTH_METHOD = "auth_method";
    private static final List<String> RUN_CLAIMS = List.of("sub", "job", "build", "role", "agent", "commit", "node", "gate");

    private final VaultHttp http;
    private final VaultAuth auth;
    private final KvEngine kv;

    VaultCredentialProvider(VaultHttp http, VaultAuth auth) {
        this(http, auth, KvEngine.NONE);
    }

    VaultCredentialProvider(VaultHttp http, VaultAuth auth, KvEngine kv) {
        this.http = http;
        this.auth = auth;
        this.kv = kv;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Lease issue(IdentityRequest request, IdentityRole role) throws CredentialException {
        Duration ttl = request.ttl() != null ? request.ttl() : role.ttl();
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new CredentialException("role '" + role.name() + "' has no positive ttl");
        }
        Map<String, String> run = runClaims(request);
        Instant issuedAt = Instant.now();
        VaultAuth.Session session = auth.login(http, run);
        String parentAccessor = "";
        String leaseId = "";
        try {
            JsonNode parent = post("create the per-build parent token", "auth/token/create", session.token(),
                    tokenRequest(List.of(), ttl, 0, request, role, "aigov-build")).path("auth");
            parentAccessor = parent.path("accessor").asText();
            Secret parentToken = Secret.of(parent.path("client_token").asText());
            // A role without policies gets Vault's default policy only, never the parent's (the broker's) policies.
            List<String> childPolicies = role.policies().isEmpty() ? List.of("default") : role.policies();
            JsonNode child = post("create the child token for role '" + role.name() + "'", "auth/token/create",
                    parentToken, tokenRequest(childPolicies, ttl, role.numUses(), request, role, "aigov-" + role.name()))
                    .path("auth");
            Secret childToken = Secret.of(child.path("client_token").asText());
            Instant expiresAt = issuedAt.plusSeconds(child.path("lease_duration").asLong(ttl.toSeconds()));
            List<String> policies = new ArrayList<>();
            child.path("policies").forEach(p -> policies.add(p.asText()));

            Map<String, Secret> secrets = new LinkedHashMap<>();
            Map<String, String> environment = new LinkedHashMap<>();
            if (role.secret().isEmpty()) {
                secrets.put("VAULT_TOKEN", childToken);
                environment.put("VAULT_ADDR", http.address());
                if (!http.namespace().isEmpty()) {
                    environment.put("VAULT_NAMESPACE", http.namespace());
                }
            } else {
                JsonNode secret = get("read dynamic secret '" + role.secret() + "' for role '" + role.name() + "'",
                        kv.readPath(role.secret()), childToken);
                leaseId = secret.path("lease_id").asText("");
                if (!leaseId.isEmpty()) {
                    Instant leaseEnd = issuedAt.plusSeconds(secret.path("lease_duration").asLong());
                    expiresAt = leaseEnd.isBefore(expiresAt) ? leaseEnd : expiresAt;
                }
                var fields = kv.fields(role.secret(), secret).properties().iterator();
                while (fields.hasNext()) {
                    var field = fields.next();
                    secrets.put(variableName(field.getKey()), Secret.of(field.getValue().isTextual()
                            ? field.getValue().asText() : field.getValue().toString()));
                }
                if (secrets.isEmpty()) {
                    throw new CredentialException("dynamic secret '" + role.secret() + "' returned no data fields");
                }
            }
            Map<String, String> handle = new LinkedHashMap<>(run);
            handle.values().removeIf(String::isEmpty);
            handle.put(CHILD_ACCESSOR, child.path("accessor").asText());
            handle.put(AUTH_METHOD, auth.method());
            if (session.isLogin()) {
                handle.put(LOGIN_ACCESSOR, session.loginAccessor());
            }
            if (!leaseId.isEmpty()) {
                handle.put(LEASE_IDS, leaseId);
            }
            handle.put("expires_at", expiresAt.toString());
            return new Lease(new LeaseHandle(ID, parentAccessor, handle), role.name(), issuedAt, expiresAt, policies,
                    secrets, environment);
        } catch (CredentialException | RuntimeException e) {
            undoHalfIssued(session, parentAccessor, leaseId);
            throw e;
        }
    }

    /** Fail closed: whatever part was created is revoked before the failure is reported. */
    private void undoHalfIssued(VaultAuth.Session session, String parentAccessor, String leaseId) {
        try {
            if (!leaseId.isEmpty()) {
                http.post("sys/leases/revoke", session.token(), Map.of("lease_id", leaseId));
            }
            if (!parentAccessor.isEmpty()) {
                http.post("auth/token/revoke-accessor", session.token(), Map.of("accessor", parentAccessor));
            }
        } catch (VaultHttp.Refused | VaultHttp.Unreachable ignored) {
            // Best effort: Vault is failing already; the parent's own TTL ends it.
        } finally {
            endSession(session);
        }
    }

    @Override
    public void revoke(LeaseHandle handle) throws CredentialException {
        if (!ID.equals(handle.provider())) {
            throw new CredentialException("the vault provider cannot revoke a '" + handle.provider() + "' handle");
        }
        Map<String, String> a = handle.attributes();
        List<String> leaseIds = a.getOrDefault(LEASE_IDS, "").isEmpty() ? List.of()
                : Arrays.asList(a.get(LEASE_IDS).split(","));
        List<String> accessors = new ArrayList<>();
        accessors.add(handle.id());
        accessors.add(a.getOrDefault(LOGIN_ACCESSOR, ""));
        accessors.removeIf(String::isEmpty);

        Map<String, String> run = new LinkedHashMap<>();
        RUN_CLAIMS.forEach(c -> run.put(c, a.getOrDefault(c, "")));
        VaultAuth.Session session = auth.login(http, run);
        try {
            for (String leaseId : leaseIds) {
                revokeIgnoringGone("revoke lease " + leaseId, "sys/leases/revoke", session, Map.of("lease_id", leaseId),
                        "invalid lease");
            }
            for (String accessor : accessors) {
                revokeIgnoringGone("revoke token accessor " + accessor, "auth/token/revoke-accessor", session,
                        Map.of("accessor", accessor), "invalid accessor");
            }
            // Confirm: each lookup must now fail.
            List<String> confirm = new ArrayList<>(accessors);
            if (!a.getOrDefault(CHILD_ACCESSOR, "").isEmpty()) {
                confirm.add(a.get(CHILD_ACCESSOR));
            }
            for (String accessor : confirm) {
                confirmGone("token accessor " + accessor, "auth/token/lookup-accessor", session,
                        Map.of("accessor", accessor), "invalid accessor");
            }
            for (String leaseId : leaseIds) {
                confirmGone("lease " + leaseId, "sys/leases/lookup", session, Map.of("lease_id", leaseId),
                        "invalid lease");
            }
        } finally {
            endSession(session);
        }
    }

    private void revokeIgnoringGone(String what, String path, VaultAuth.Session session, Map<String, ?> body,
                                    String goneText) throws CredentialException {
        try {
            http.post(path, session.token(), body);
        } catch (VaultHttp.Refused e) {
            if (!(e.status == 400 && e.says(goneText))) {   // already gone: revoking again succeeds
                throw new CredentialException("Vault refused to " + what + ": " + words(e));
            }
        } catch (VaultHttp.Unreachable e) {
            throw new CredentialException("could not " + what + ": " + e.getMessage());
        }
    }

    private void confirmGone(String what, String path, VaultAuth.Session session, Map<String, ?> body,
                             String goneText) throws CredentialException {
        try {
            http.post(path, session.token(), body);
        } catch (VaultHttp.Refused e) {
            if (e.status == 400 && e.says(goneText)) {
                return;   // the lookup fails: it is gone
            }
            throw new CredentialException("could not confirm revocation of " + what + ": Vault said " + words(e));
        } catch (VaultHttp.Unreachable e) {
            throw new CredentialException("could not confirm revocation of " + what + ": " + e.getMessage());
        }
        throw new CredentialException(what + " is still alive after revocation");
    }

    /** A login token this provider obtained is revoked when its work is done; a static token is left alone. */
    private void endSession(VaultAuth.Session session) {
        if (session.isLogin()) {
            try {
                http.post("auth/token/revoke-self", session.token(), Map.of());
            } catch (VaultHttp.Refused | VaultHttp.Unreachable ignored) {
                // Its own short TTL ends it; a revocation failure that matters is reported by revoke().
            }
        }
    }

    private JsonNode post(String what, String path, Secret token, Map<String, ?> body) throws CredentialException {
        try {
            return http.post(path, token, body);
        } catch (VaultHttp.Refused e) {
            throw new CredentialException("Vault refused to " + what + ": " + words(e));
        } catch (VaultHttp.Unreachable e) {
            throw new CredentialException("could not " + what + ": " + e.getMessage());
        }
    }

    private JsonNode get(String what, String path, Secret token) throws CredentialException {
        try {
            return http.get(path, token);
        } catch (VaultHttp.Refused e) {
            throw new CredentialException("Vault refused to " + what + ": " + words(e));
        } catch (VaultHttp.Unreachable e) {
            throw new CredentialException("could not " + what + ": " + e.getMessage());
        }
    }

    private static String words(VaultHttp.Refused e) {
        if (e.says("subset of parent")) {
            return "the role's policies are not a subset of the parent token's policies (Vault: child policies must "
                    + "be subset of parent); give the broker's token every policy its roles hand out";
        }
        if (e.status == 403) {
            return "permission denied (the token's policies do not allow this path)";
        }
        return e.errors.isEmpty() ? "HTTP " + e.status : String.join("; ", e.errors);
    }

    private Map<String, Object> tokenRequest(List<String> policies, Duration ttl, int numUses,
                                             IdentityRequest request, IdentityRole role, String displayName) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (!policies.isEmpty()) {
            body.put("policies", policies);
        }
        body.put("type", "service");      // never batch: batch tokens cannot be revoked
        body.put("ttl", ttl.toSeconds() + "s");
        body.put("explicit_max_ttl", ttl.toSeconds() + "s");
        if (numUses > 0) {
            body.put("num_uses", numUses);
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("job", request.build().job());
        meta.put("build", request.build().number());
        meta.put("role", role.name());
        meta.put("agent", request.agent());
        body.put("meta", meta);
        body.put("display_name", displayName);
        return body;
    }

    private static Map<String, String> runClaims(IdentityRequest request) {
        Map<String, String> run = new LinkedHashMap<>();
        run.put("sub", request.build().runId());
        run.put("job", request.build().job());
        run.put("build", request.build().number());
        run.put("role", request.role());
        run.put("agent", request.agent());
        run.put("commit", request.commit());
        run.put("node", request.node());
        run.put("gate", request.gateDecision());
        return run;
    }

    /** {@code username} -> {@code AIGOV_USERNAME}; anything not a letter or digit becomes {@code _}. */
    static String variableName(String field) {
        return "AIGOV_" + field.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }
}
