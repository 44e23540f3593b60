package dev.aigov.cli;

import dev.aigov.credentials.CredentialException;
import dev.aigov.credentials.CredentialProvider;
import dev.aigov.credentials.vault.VaultProviders;
import dev.aigov.credentials.jwt.JwtIssuer;
import dev.aigov.policy.Policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Builds the credential providers the CLI's commands need, by provider id. */
final class Providers {
    private Providers() {
    }

    /**
     * The providers named in {@code ids}. {@code createKeys}: whether the JWT key store may be created (issuing) or
     * must already exist (reaping: a fresh store's deny-list would revoke nothing).
     */
    static Map<String, CredentialProvider> create(Set<String> ids, Policy policy, Path keys, Map<String, String> env,
                                                  boolean createKeys) throws IOException {
        Map<String, CredentialProvider> providers = new LinkedHashMap<>();
        for (String id : ids) {
            switch (id) {
                case "jwt" -> {
                    if (createKeys || Files.isDirectory(keys)) {
                        providers.put(id, jwt(keys, policy).provider());
                    }
                }
                case "vault" -> {
                    if (createKeys) {
                        providers.put(id, vault(env, keys, policy));
                    } else {
                        try {
                            providers.put(id, vault(env, keys, policy));
                        } catch (UsageException notAvailable) {
                            // the reaper reports each vault handle as not revocable
                        }
                    }
                }
                default -> throw new UsageException("unknown credential provider '" + id + "'; known: jwt, vault");
            }
        }
        return providers;
    }

    static JwtIssuer jwt(Path keys, Policy policy) throws IOException {
        return JwtIssuer.open(keys, JwtIssuer.Settings.defaults(policy.limits().maxTtl()));
    }

    /**
     * The Vault provider, configured from the environment ({@code VAULT_ADDR}, {@code VAULT_AUTH_METHOD}, ...). With
     * {@code VAULT_AUTH_METHOD=jwt} it logs in with a short-lived token from the embedded issuer: no Vault secret
     * is read from anywhere.
     */
    static CredentialProvider vault(Map<String, String> env, Path keys, Policy policy) {
        try {
            return VaultProviders.fromEnvironment(env, (claims, audience, ttl) -> {
                try {
                    return jwt(keys, policy).mintClaims(claims, audience, ttl);
                } catch (IOException e) {
                    throw new CredentialException("JWT key store " + keys + ": " + e.getMessage(), e);
                }
            });
        } catch (CredentialException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }
}
