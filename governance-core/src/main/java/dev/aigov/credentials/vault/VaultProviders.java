package dev.aigov.credentials.vault;

import dev.aigov.credentials.CredentialException;
import dev.aigov.credentials.CredentialProvider;
import dev.aigov.credentials.Secret;

import java.util.Map;

/** Creates the {@code vault} credential provider from configuration. */
public final class VaultProviders {

    private VaultProviders() {
    }

    /**
     * Reads {@code VAULT_ADDR}, {@code VAULT_NAMESPACE} and {@code VAULT_AUTH_METHOD} = {@code token} (the default
     * when {@code VAULT_TOKEN} is set; reads {@code VAULT_TOKEN}) | {@code approle} ({@code VAULT_ROLE_ID},
     * {@code VAULT_SECRET_ID}, {@code VAULT_AUTH_PATH} default {@code approle}) | {@code jwt}
     * ({@code VAULT_JWT_ROLE} required, {@code VAULT_JWT_AUDIENCE} default {@code vault}, {@code VAULT_AUTH_PATH}
     * default {@code jwt}). {@code VAULT_KV_PREFIX} and {@code VAULT_KV_VERSION} (1 or 2, default 1): a role's
     * {@code secret} under that KV mount is read through KV version 2's {@code <mount>/data/} API when the version
     * is 2 (as the Vault plugin's {@code prefixPath} and engine version do); {@code VAULT_SKIP_VERIFY} is refused.
     * With {@code jwt} no Vault secret is read: the token source mints the login JWT.
     *
     * @param env    the configuration, usually the process environment
     * @param tokens mints login JWTs; used only with {@code jwt}, may be null otherwise
     * @throws CredentialException naming the variable that is missing or wrong
     */
    public static CredentialProvider fromEnvironment(Map<String, String> env, WorkloadTokenSource tokens)
            throws CredentialException {
        String address = value(env, "VAULT_ADDR");
        if (address.isEmpty()) {
            throw new CredentialException("VAULT_ADDR is not set: the vault provider needs Vault's address, "
                    + "e.g. https://vault.example.com:8200");
        }
        if (!address.startsWith("http://") && !address.startsWith("https://")) {
            throw new CredentialException("VAULT_ADDR must start with http:// or https://, got '" + address + "'");
        }
        KvEngine kv = clientSettings(env);
        String method = value(env, "VAULT_AUTH_METHOD");
        if (method.isEmpty()) {
            method = !value(env, "VAULT_TOKEN").isEmpty() ? "token"
                    : !value(env, "VAULT_ROLE_ID").isEmpty() ? "approle" : "";
        }
        VaultAuth auth = switch (method) {
            case "token" -> new VaultAuth.StaticToken(Secret.of(required(env, "VAULT_TOKEN", "token")));
            case "approle" -> new VaultAuth.AppRole(path(env, "approle"), required(env, "VAULT_ROLE_ID", "approle"),
                    Secret.of(required(env, "VAULT_SECRET_ID", "approle")));
            case "jwt" -> {
                if (tokens == null) {
                    throw new CredentialException("VAULT_AUTH_METHOD=jwt needs the embedded JWT issuer");
                }
                String audience = value(env, "VAULT_JWT_AUDIENCE");
                yield new VaultAuth.Jwt(path(env, "jwt"), required(env, "VAULT_JWT_ROLE", "jwt"),
                        audience.isEmpty() ? "vault" : audience, tokens);
            }
            case "" -> throw new CredentialException("no Vault authentication configured: set VAULT_TOKEN, or "
                    + "VAULT_AUTH_METHOD=approle with VAULT_ROLE_ID/VAULT_SECRET_ID, or VAULT_AUTH_METHOD=jwt with "
                    + "VAULT_JWT_ROLE");
            default -> throw new CredentialException("VAULT_AUTH_METHOD must be token, approle or jwt, got '"
                    + method + "'");
        };
        return new VaultCredentialProvider(new VaultHttp(address, value(env, "VAULT_NAMESPACE")), auth, kv);
    }

    /**
     * Checks the client settings alone ({@code VAULT_SKIP_VERIFY}, {@code VAULT_KV_PREFIX}, {@code VAULT_KV_VERSION}),
     * so a caller can refuse them before it logs in to Vault.
     */
    public static void checkClientSettings(Map<String, String> env) throws CredentialException {
        clientSettings(env);
    }

    private static KvEngine clientSettings(Map<String, String> env) throws CredentialException {
        String skipVerify = value(env, "VAULT_SKIP_VERIFY");
        if (!skipVerify.isEmpty() && !"false".equalsIgnoreCase(skipVerify) && !"0".equals(skipVerify)) {
            throw new CredentialException("VAULT_SKIP_VERIFY (the HashiCorp Vault plugin's skipSslVerification) is "
                    + "refused: Vault tokens and secrets are never fetched over a TLS connection whose certificate is "
                    + "not verified. Add Vault's CA certificate to the JVM's trust store (javax.net.ssl.trustStore) "
                    + "and clear skipSslVerification");
        }
        return KvEngine.of(value(env, "VAULT_KV_PREFIX"), value(env, "VAULT_KV_VERSION"));
    }

    private static String value(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null ? "" : v.trim();
    }

    private static String required(Map<String, String> env, String name, String method) throws CredentialException {
        String v = value(env, name);
        if (v.isEmpty()) {
            throw new CredentialException(name + " is not set (required by VAULT_AUTH_METHOD=" + method + ")");
        }
        return v;
    }

    private static String path(Map<String, String> env, String defaultPath) {
        String v = value(env, "VAULT_AUTH_PATH").replaceAll("^/+|/+$", "");
        return v.isEmpty() ? defaultPath : v;
    }
}
