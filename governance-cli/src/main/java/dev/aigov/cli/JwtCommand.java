package dev.aigov.cli;

import dev.aigov.credentials.jwt.JwtIssuer;
import dev.aigov.credentials.jwt.JwtVerificationException;
import dev.aigov.credentials.jwt.SigningAlgorithm;
import dev.aigov.credentials.jwt.VerifiedToken;
import dev.aigov.policy.PolicyLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

@Command(name = "jwt", mixinStandardHelpOptions = true, description = "The embedded workload identity issuer.",
        subcommands = {JwtCommand.Jwks.class, JwtCommand.Pem.class, JwtCommand.Rotate.class, JwtCommand.Verify.class})
final class JwtCommand implements Runnable {
    @Override
    public void run() {
        throw new UsageException("'aigov jwt' needs a subcommand: jwks, pem, rotate or verify");
    }

    /** Options every subcommand shares. */
    static class KeyOptions {
        @Option(names = "--keys", description = "Key store directory (default: jwt-keys in $AIGOV_HOME, else "
                + "$XDG_STATE_HOME/aigov, else ~/.local/state/aigov). Never created inside a git work tree unless "
                + "--allow-key-in-worktree.")
        Path keys;

        @Option(names = Locations.ALLOW_OPTION, description = "Allow creating the key store inside a git work tree.")
        boolean allowKeyInWorkTree;

        JwtIssuer issuer(SigningAlgorithm algorithm) throws IOException {
            JwtIssuer.Settings defaults = JwtIssuer.Settings.defaults(PolicyLoader.builtIn().limits().maxTtl());
            return JwtIssuer.open(Locations.keys(keys, System.getenv(), allowKeyInWorkTree),
                    new JwtIssuer.Settings(defaults.issuer(), defaults.maxTtl(), algorithm, Clock.systemUTC()));
        }
    }

    @Command(name = "jwks", mixinStandardHelpOptions = true, description = "Print the published public keys as JWKS.")
    static final class Jwks extends KeyOptions implements Callable<Integer> {
        @Override
        public Integer call() throws IOException {
            System.out.println(issuer(SigningAlgorithm.ED25519).jwks());
            return ExitCodes.OK;
        }
    }

    @Command(name = "pem", mixinStandardHelpOptions = true,
            description = "Print the published public keys in PEM (for Vault's jwt_validation_pubkeys).")
    static final class Pem extends KeyOptions implements Callable<Integer> {
        @Override
        public Integer call() throws IOException {
            issuer(SigningAlgorithm.ED25519).pem().forEach(System.out::print);
            return ExitCodes.OK;
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Sign with a new key from now; the old key stays published until its tokens have expired.")
    static final class Rotate extends KeyOptions implements Callable<Integer> {
        @Option(names = "--algorithm", defaultValue = "ED25519", description = "ED25519 (default) or RS256.")
        SigningAlgorithm algorithm;

        @Override
        public Integer call() throws IOException {
            JwtIssuer issuer = issuer(algorithm);
            issuer.rotate();
            System.out.println("rotated: new signing key in " + issuer.keyDir());
            return ExitCodes.OK;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Verify a token: signature, expiry, audience, deny-list. Exit 0 when valid.")
    static final class Verify extends KeyOptions implements Callable<Integer> {
        @Parameters(paramLabel = "TOKEN", description = "The token, or - to read it from stdin (keeps it off the command line).")
        String token;

        @Option(names = "--audience", description = "Require this audience.")
        String audience;

        @Override
        public Integer call() throws IOException {
            String value = "-".equals(token) ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8).trim() : token;
            try {
                VerifiedToken verified = issuer(SigningAlgorithm.ED25519).verify(value, audience);
                System.out.println("valid: sub=" + verified.subject() + " jti=" + verified.jti() + " aud="
                        + verified.audience() + " expires=" + verified.expiresAt());
                return ExitCodes.OK;
            } catch (JwtVerificationException e) {
                System.err.println("aigov: invalid token (" + e.reason().name().toLowerCase().replace('_', ' ')
                        + "): " + e.getMessage());
                return ExitCodes.ERROR;
            }
        }
    }
}
