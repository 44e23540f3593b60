package dev.aigov.credentials.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Vault the provider tests run against: a real Vault (dev server) when {@code VAULT_ADDR} (on loopback)
 * and {@code VAULT_TOKEN} (root) are set in the test's environment, else a fresh {@link VaultDouble}. Set-up and
 * inspection go through Vault's HTTP API with the root token (an independent client, not the provider's), so
 * the same assertions hold for both; tests that need the double's extras (clock, fault injection, dynamic
 * secrets without a database) ask {@link #theDouble()}.
 */
public final class VaultFixture implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newHttpClient();
    private final VaultDouble vaultDouble;
    private final String address;
    private final String rootToken;

    private VaultFixture(VaultDouble vaultDouble, String address, String rootToken) {
        this.vaultDouble = vaultDouble;
        this.address = address;
        this.rootToken = rootToken;
    }

    public static VaultFixture start() {
        String addr = System.getenv("VAULT_ADDR");
        String token = System.getenv("VAULT_TOKEN");
        // Only a Vault on this machine (a dev server): the tests write policies and enable auth methods, and a
        // shell that happens to point at a shared Vault must not have them run there.
        if (addr != null && token != null && !token.isBlank()
                && addr.matches("https?://(127\\.0\\.0\\.1|localhost|\\[::1\\])(:\\d+)?/?")) {
            return new VaultFixture(null, addr.replaceAll("/+$", ""), token);
        }
        VaultDouble d = VaultDouble.start();
        return new VaultFixture(d, d.address(), d.rootToken());
    }

    public Optional<VaultDouble> theDouble() {
        return Optional.ofNullable(vaultDouble);
    }

    public String address() {
        return address;
    }

    public String rootToken() {
        return rootToken;
    }

    /** A Vault write with the root token; returns the reply (or fails the test). */
    public JsonNode write(String path, Map<String, ?> body) {
        return call("POST", path, rootToken, body, true);
    }

    public JsonNode read(String path) {
        return call("GET", path, rootToken, null, true);
    }

    public void policy(String name, String hcl) {
        write("sys/policies/acl/" + name, Map.of("policy", hcl));
    }

    /** Enables an auth method at a path, tolerating "already in use" on a real Vault reused across tests. */
    public void enableAuth(String path, String type) {
        call("POST", "sys/auth/" + path, rootToken, Map.of("type", type), false);
    }

    /** The policies the broker's own token needs, and the role policies it hands out. */
    public void writeBrokerPolicies() {
        policy("aigov-broker", """
                path "auth/token/create" { capabilities = ["create", "update"] }
                path "auth/token/lookup-accessor" { capabilities = ["update"] }
                path "auth/token/revoke-accessor" { capabilities = ["update"] }
                path "sys/leases/revoke" { capabilities = ["update"] }
                path "sys/leases/lookup" { capabilities = ["update"] }
                """);
        policy("agent-readonly", "path \"secret/data/agent/*\" { capabilities = [\"read\"] }\n");
        policy("db-app", "path \"database/creds/app\" { capabilities = [\"read\"] }\n");
    }

    /** A non-root token for the broker holding the given policies. */
    public String brokerToken(List<String> policies) {
        return write("auth/token/create", Map.of("policies", policies, "ttl", "1h", "display_name", "broker"))
                .path("auth").path("client_token").asText();
    }

    public boolean tokenAlive(String accessor) {
        return vaultDouble != null ? vaultDouble.token(accessor).isPresent()
                : call("POST", "auth/token/lookup-accessor", rootToken, Map.of("accessor", accessor), false) != null;
    }

    public boolean leaseAlive(String leaseId) {
        return vaultDouble != null ? vaultDouble.lease(leaseId).isPresent()
                : call("POST", "sys/leases/lookup", rootToken, Map.of("lease_id", leaseId), false) != null;
    }

    /** A raw call with any token; null when Vault answered an error and {@code strict} is false. */
    public JsonNode call(String method, String path, String token, Map<String, ?> body, boolean strict) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(address + "/v1/" + path));
            if (token != null) {
                request.header("X-Vault-Token", token);
            }
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() >= 300) {
                if (strict) {
                    throw new AssertionError(method + " " + path + " -> HTTP " + response.statusCode());
                }
                return null;
            }
            return response.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(method + " " + path + " failed: " + e);
        }
    }

    @Override
    public void close() {
        if (vaultDouble != null) {
            vaultDouble.close();
        }
    }
}
