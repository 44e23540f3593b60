package dev.aigov.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "seal", mixinStandardHelpOptions = true, description = "Seal a ledger with an Ed25519 signature.")
final class SealCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UsageException("'aigov seal' is not available in this build yet");
    }
}
