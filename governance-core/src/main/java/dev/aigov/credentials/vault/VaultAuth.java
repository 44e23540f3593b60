package dev.aigov.credentials.vault;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigov.credentials.CredentialException;
import dev.aigov.credentials.Secret;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the provider obtains the token it works with. A login (AppRole, JWT) yields a fresh token per issue and
 * per revoke, which the provider revokes when it is done; a static token ({@code VAULT_TOKEN}) is never revoked.
 */
sealed interface VaultAuth {

    /** A working token; {@code loginAccessor} is empty for a static token, else the login token's accessor. */
    record Session(Secret token, String loginAccessor) {
        boolean isLogin() {
            return !loginAccessor.isEmpty();
        }
    }

    /** The method's name for the handle and for messages. */
    String method();

    /**
     * @param run claims describing the run (job, build, role, agent, commit, sub); used by the JWT method only
     */
    Session login(VaultHttp http, Map<String, String> run) throws CredentialException;

    record StaticToken(Secret token) implements VaultAuth {
        @Override
        public String method() {
            return "token";
        }

        @Override
        public Session login(VaultHttp http, Map<String, String> run) {
            return new Session(token, "");
        }
    }

    record AppRole(String mount, String roleId, Secret secretId) implements VaultAuth {
        @Override
        public String method() {
            return "approle";
        }

        @Override
        public Session login(VaultHttp http, Map<String, String> run) throws CredentialException {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("role_id", roleId);
            body.put("secret_id", secretId.reveal());
            try {
                return session(http.post("auth/" + mount + "/login", null, body));
            } catch (VaultHttp.Refused e) {
                throw new CredentialException("Vault refused the AppRole login at auth/" + mount + ": "
                        + String.join("; ", e.errors));
            } catch (VaultHttp.Unreachable e) {
                throw new CredentialException("AppRole login failed: " + e.getMessage());
            }
        }
    }

    record Jwt(String mount, String role, String audience, WorkloadTokenSource tokens) implements VaultAuth {
        private static final Duration JWT_TTL = Duration.ofMinutes(2);
        private static final Pattern CLAIM = Pattern.compile("claim \"([^\"]+)\"");

        @Override
        public String method() {
            return "jwt";
        }

        @Override
        public Session login(VaultHttp http, Map<String, String> run) throws CredentialException {
            Map<String, Object> claims = new LinkedHashMap<>();
            run.forEach((k, v) -> {
                if (!v.isEmpty()) {
                    claims.put(k, v);
                }
            });
            Secret jwt = tokens.mint(claims, audience, JWT_TTL);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("role", role);
            body.put("jwt", jwt.reveal());
            try {
                return session(http.post("auth/" + mount + "/login", null, body));
            } catch (VaultHttp.Refused e) {
                throw new CredentialException("Vault refused the JWT login: " + reason(e) + " (role '" + role + "')");
            } catch (VaultHttp.Unreachable e) {
                throw new CredentialException("JWT login failed: " + e.getMessage());
            }
        }

        /** Vault's refusal in words; Vault's error texts name claims, never their values or the token. */
        private String reason(VaultHttp.Refused e) {
            if (e.says("audience")) {
                return "audience '" + audience + "' not bound";
            }
            if (e.says("bound claim") || e.says("is missing")) {
                Matcher m = CLAIM.matcher(String.join(" ", e.errors));
                return "claim value not bound" + (m.find() ? " (claim '" + m.group(1) + "')" : "");
            }
            if (e.says("expired")) {
                return "token expired";
            }
            if (e.says("not yet valid")) {
                return "token not yet valid (clock skew?)";
            }
            if (e.says("signature")) {
                return "signed by a key Vault does not trust (not, or no longer, in jwt_validation_pubkeys/jwks_url)";
            }
            if (e.says("could not be found")) {
                return "no such role on auth/" + mount;
            }
            return e.errors.isEmpty() ? "HTTP " + e.status : String.join("; ", e.errors);
        }
    }

    private static Session session(JsonNode reply) throws CredentialException {
        JsonNode auth = reply.path("auth");
        if (!auth.hasNonNull("client_token") || auth.path("accessor").asText("").isEmpty()) {
            throw new CredentialException("Vault's login answer carried no service token with an accessor");
        }
        return new Session(Secret.of(auth.path("client_token").asText()), auth.path("accessor").asText());
    }
}
