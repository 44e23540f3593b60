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
import java.security.PublicKey;
import java.util.concurrent.Callable;

@Command(name = "verify", mixinStandardHelpOptions = true, description = "Verify a ledger is intact and sealed. "
        + "Exit 0: intact and sealed; 40: tampered (first bad line and why); 41: intact but unsealed or truncated.")
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--ledger", required = true, paramLabel = "FILE", description = "The ledger to verify.")
    Path ledger;

    @Option(names = "--public-key", paramLabel = "FILE", description = "The expected sealing key (PEM, JWK or raw "
            + "base64url, as 'aigov key export' prints it). Without it, the key named in the seal is used.")
    Path publicKey;

    @Override
    public Integer call() {
        VerificationResult result = verify(ledger, publicKey);
        (exitCode(result) == ExitCodes.OK ? spec.commandLine().getOut() : spec.commandLine().getErr())
                .println(Terminal.visible(ledger + ": " + result.state() + ": " + result.describe()));
        return exitCode(result);
    }

    static VerificationResult verify(Path ledger, Path publicKey) {
        try {
            PublicKey expected = publicKey == null ? null : LedgerKey.readPublicKey(publicKey);
            return LedgerVerifier.verify(ledger, expected);
        } catch (LedgerException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    static int exitCode(VerificationResult result) {
        return switch (result) {
            case VerificationResult.IntactSealed ignored -> ExitCodes.OK;
            case VerificationResult.Tampered ignored -> ExitCodes.LEDGER_TAMPERED;
            case VerificationResult.Unsealed ignored -> ExitCodes.LEDGER_UNSEALED;
            case VerificationResult.Truncated ignored -> ExitCodes.LEDGER_UNSEALED;
        };
    }
}
