package dev.aigov.bench;

import dev.aigov.build.BuildRef;
import dev.aigov.credentials.CredentialBroker;
import dev.aigov.credentials.IdentityRequest;
import dev.aigov.credentials.Lease;
import dev.aigov.credentials.LeaseJournal;
import dev.aigov.credentials.jwt.JwtIssuer;
import dev.aigov.credentials.jwt.SigningAlgorithm;
import dev.aigov.credentials.jwt.WorkloadClaims;
import dev.aigov.policy.PolicyLoader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * Issue time of the embedded workload identity issuer: minting and signing one token (Ed25519 and RS256), and a
 * whole broker issue (policy check, mint, journal append with fsync). Target: minting under 1 ms.
 * Usage: {@code ./bench JwtIssueBench [tokens]}.
 */
public final class JwtIssueBench {
    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        Path dir = Files.createTempDirectory("aigov-jwt-bench");
        WorkloadClaims claims = new WorkloadClaims("team/app", "1234", "agent", "0123456789abcdef0123456789abcdef01234567",
                "claude-code", Map.of("decision", "PASS"));
        for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
            JwtIssuer issuer = JwtIssuer.open(dir.resolve(algorithm.name()),
                    new JwtIssuer.Settings("aigov", Duration.ofHours(1), algorithm, Clock.systemUTC()));
            int n = algorithm == SigningAlgorithm.RS256 ? Math.max(1, count / 10) : count;
            for (int i = 0; i < n; i++) { // warm-up
                issuer.mint(claims, "vault", Duration.ofMinutes(15));
            }
            long[] times = new long[n];
            for (int i = 0; i < n; i++) {
                long start = System.nanoTime();
                issuer.mint(claims, "vault", Duration.ofMinutes(15));
                times[i] = System.nanoTime() - start;
            }
            report("mint " + algorithm, times);
        }

        JwtIssuer issuer = JwtIssuer.open(dir.resolve("broker-keys"), JwtIssuer.Settings.defaults(Duration.ofHours(1)));
        CredentialBroker broker = new CredentialBroker(PolicyLoader.builtIn(), Map.of("jwt", issuer.provider()),
                new LeaseJournal(dir.resolve("leases.journal")));
        int n = Math.max(1, Math.min(count, 2_000));
        long[] times = new long[n];
        for (int i = -n / 4; i < n; i++) {
            long start = System.nanoTime();
            Lease lease = broker.issue(new IdentityRequest(new BuildRef("team/app", "b" + i, "", ""), "agent", null,
                    "claude-code", "", "", ""));
            if (i >= 0) {
                times[i] = System.nanoTime() - start;
            }
            if (lease.secrets().isEmpty()) {
                throw new IllegalStateException("no token");
            }
        }
        report("broker issue (mint + journal fsync)", times);
    }

    private static void report(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).average().orElse(0) / 1e6;
        System.out.printf("%-38s n=%6d  mean %.3f ms  p50 %.3f ms  p99 %.3f ms  max %.3f ms%n", what, sorted.length, mean,
                sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6, sorted[sorted.length - 1] / 1e6);
    }
}
