package dev.aigov.cli;

import dev.aigov.ledger.LedgerException;
import dev.aigov.ledger.LedgerKey;
import dev.aigov.ledger.LedgerVerifier;
import dev.aigov.ledger.VerificationResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import dev.aigov.ledger.VerifiedLedger;

import java.security.GeneralSecurityException;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "verify", mixinStandardHelpOptions = true, description = "Verify a ledger is intact and sealed by a "
        + "pinned key. Exit 0: intact and sealed with the pinned key (--public-key, or a key in the trusted policy's "
        + "ledger.trustedKeys); 42: intact and sealed but the key is not pinned (INTACT_UNPINNED); 40: tampered (first "
        + "bad line and why); 41: intact but unsealed or truncated.")
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--ledger", required = true, paramLabel = "FILE", description = "The ledger to verify.")
    Path ledger;

    @Option(names = "--public-key", paramLabel = "FILE", description = "The expected sealing key (PEM, JWK or raw "
            + "base64url, as 'aigov key export' prints it). Without it, the keys the trusted policy lists in "
            + "ledger.trustedKeys; a seal by any other key is INTACT_UNPINNED (exit 42).")
    Path publicKey;

    @Option(names = "--policy", paramLabel = "FILE",
            description = "The policy whose ledger.trustedKeys pin the seal (default: .aigov/policy.yaml at the trusted base "
                    + "of --repo, else the built-in policy, which pins none).")
    Path policyFile;

    @Option(names = "--repo", paramLabel = "DIR", defaultValue = ".", description = "The repository, for the default policy.")
    Path repo;

    @Override
    public Integer call() {
        VerificationResult result = read(ledger, publicKey, policyFile, repo).result();
        (exitCode(result) == ExitCodes.OK ? spec.commandLine().getOut() : spec.commandLine().getErr())
                .println(ledger + ": " + result.state() + ": " + result.describe());
        return exitCode(result);
    }

    /**
     * Reads and verifies a ledger against the pinned key: {@code publicKey}, else the trusted policy's
     * {@code ledger.trustedKeys} (the seal's key must be one of them to count as pinned).
     */
    static VerifiedLedger read(Path ledger, Path publicKey, Path policyFile, Path repo) {
        try {
            if (publicKey != null) {
                return LedgerVerifier.read(ledger, LedgerKey.readPublicKey(publicKey));
            }
            VerifiedLedger unpinned = LedgerVerifier.read(ledger, null);
            if (unpinned.result() instanceof VerificationResult.IntactSealed sealed) {
                List<String> trusted = TrustedChange.resolve(repo == null ? Path.of(".") : repo, null, policyFile,
                        System.getenv()).policy().policy().ledger().trustedKeys();
                if (trusted.contains(sealed.publicKey())) {
                    return LedgerVerifier.read(ledger, LedgerKey.publicKeyFromRaw(sealed.publicKey()));
                }
            }
            return unpinned;
        } catch (LedgerException e) {
            throw new UsageException(e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new UsageException(ledger + ": the seal's public key is malformed: " + e.getMessage(), e);
        }
    }

    static int exitCode(VerificationResult result) {
        return switch (result) {
            case VerificationResult.IntactSealed sealed -> sealed.keyPinned() ? ExitCodes.OK : ExitCodes.LEDGER_UNPINNED;
            case VerificationResult.Tampered ignored -> ExitCodes.LEDGER_TAMPERED;
            case VerificationResult.Unsealed ignored -> ExitCodes.LEDGER_UNSEALED;
            case VerificationResult.Truncated ignored -> ExitCodes.LEDGER_UNSEALED;
        };
    }
}
