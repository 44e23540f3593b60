package dev.aigov.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigov.build.BuildRef;
import dev.aigov.credentials.CredentialProvider;
import dev.aigov.credentials.IdentityRequest;
import dev.aigov.credentials.Lease;
import dev.aigov.credentials.vault.VaultDouble;
import dev.aigov.credentials.vault.VaultProviders;
import dev.aigov.policy.IdentityRole;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Issue + revoke overhead of the vault provider against the Vault double, versus the bare HTTP round trips the
 * same lease needs (the same requests, sent with a plain {@link HttpClient} and the least parsing possible) to
 * the same double. The difference is what the provider adds per lease. Usage:
 * {@code ./bench VaultLeaseBench [ITERATIONS] [WARMUP]}.
 */
public final class VaultLeaseBench {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        try (VaultDouble vault = VaultDouble.start()) {
            HttpClient http = HttpClient.newHttpClient();
            String root = vault.rootToken();
            send(http, vault, root, "sys/policies/acl/aigov-broker", Map.of("policy", """
                    path "auth/token/*" { capabilities = ["update"] }
                    path "sys/leases/*" { capabilities = ["update"] }
                    """));
            send(http, vault, root, "sys/policies/acl/db-app",
                    Map.of("policy", "path \"database/creds/app\" { capabilities = [\"read\"] }"));
            vault.addDatabaseRole("database", "app", Duration.ofHours(1));
            String broker = send(http, vault, root, "auth/token/create",
                    Map.of("policies", List.of("aigov-broker", "agent-readonly", "db-app"), "ttl", "24h"))
                    .path("auth").path("client_token").asText();
            CredentialProvider provider = VaultProviders.fromEnvironment(
                    Map.of("VAULT_ADDR", vault.address(), "VAULT_TOKEN", broker), null);
            IdentityRequest request = new IdentityRequest(new BuildRef("bench/job", "1", "", ""), "agent", null,
                    "bench", "", "", "");
            IdentityRole agent = new IdentityRole("agent", "vault", List.of("agent-readonly"), "", "",
                    Duration.ofMinutes(15), 0, false);
            IdentityRole db = new IdentityRole("db", "vault", List.of("db-app"), "database/creds/app", "",
                    Duration.ofMinutes(15), 0, false);

            System.out.printf("VaultLeaseBench: %d leases per case after %d warm-up, Java %s, %d CPUs%n",
                    iterations, warmup, Runtime.version(), Runtime.getRuntime().availableProcessors());
            for (IdentityRole role : List.of(agent, db)) {
                boolean dynamic = !role.secret().isEmpty();
                Runnable viaProvider = () -> {
                    try {
                        Lease lease = provider.issue(request, role);
                        provider.revoke(lease.handle());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                };
                Runnable bare = () -> bareLease(http, vault, broker, role, dynamic);
                for (int i = 0; i < warmup; i++) {
                    viaProvider.run();
                    bare.run();
                }
                long[] p = new long[iterations];
                long[] b = new long[iterations];
                for (int i = 0; i < iterations; i++) {      // interleaved, so drift hits both alike
                    long t0 = System.nanoTime();
                    viaProvider.run();
                    long t1 = System.nanoTime();
                    bare.run();
                    long t2 = System.nanoTime();
                    p[i] = t1 - t0;
                    b[i] = t2 - t1;
                }
                if (!vault.liveLeaseIds().isEmpty() || vault.liveAccessors().size() != 1) {
                    throw new IllegalStateException("leases were left alive: " + vault.liveAccessors().size());
                }
                System.out.printf("%-38s provider median %6.3f ms  p95 %6.3f ms | bare HTTP median %6.3f ms  "
                                + "p95 %6.3f ms | added median %6.3f ms%n",
                        role.name() + (dynamic ? " (token + dynamic secret, 8 calls)" : " (token, 5 calls)"),
                        ms(percentile(p, 50)), ms(percentile(p, 95)), ms(percentile(b, 50)), ms(percentile(b, 95)),
                        ms(percentile(p, 50) - percentile(b, 50)));
            }
        }
    }

    /** The same requests the provider sends for one lease: create parent, child, [read secret], revoke, confirm. */
    private static void bareLease(HttpClient http, VaultDouble vault, String broker, IdentityRole role,
                                  boolean dynamic) {
        try {
            Map<String, Object> meta = Map.of("job", "bench/job", "build", "1", "role", role.name(), "agent", "bench");
            JsonNode parent = send(http, vault, broker, "auth/token/create", Map.of("type", "service", "ttl", "900s",
                    "explicit_max_ttl", "900s", "meta", meta, "display_name", "aigov-build")).path("auth");
            JsonNode child = send(http, vault, parent.path("client_token").asText(), "auth/token/create",
                    Map.of("policies", role.policies(), "type", "service", "ttl", "900s", "explicit_max_ttl", "900s",
                            "meta", meta, "display_name", "aigov-" + role.name())).path("auth");
            String lease = "";
            if (dynamic) {
                lease = get(http, vault, child.path("client_token").asText(), role.secret()).path("lease_id").asText();
                send(http, vault, broker, "sys/leases/revoke", Map.of("lease_id", lease));
            }
            send(http, vault, broker, "auth/token/revoke-accessor", Map.of("accessor", parent.path("accessor").asText()));
            send(http, vault, broker, "auth/token/lookup-accessor", Map.of("accessor", parent.path("accessor").asText()));
            send(http, vault, broker, "auth/token/lookup-accessor", Map.of("accessor", child.path("accessor").asText()));
            if (dynamic) {
                send(http, vault, broker, "sys/leases/lookup", Map.of("lease_id", lease));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode send(HttpClient http, VaultDouble vault, String token, String path, Map<String, ?> body)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(vault.address() + "/v1/" + path))
                .header("X-Vault-Token", token).POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .build();
        byte[] reply = http.send(request, HttpResponse.BodyHandlers.ofByteArray()).body();
        return reply.length == 0 ? JSON.createObjectNode() : JSON.readTree(reply);
    }

    private static JsonNode get(HttpClient http, VaultDouble vault, String token, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(vault.address() + "/v1/" + path))
                .header("X-Vault-Token", token).GET().build();
        return JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofByteArray()).body());
    }

    private static long percentile(long[] values, int pct) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(pct / 100.0 * sorted.length) - 1)];
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }
}
