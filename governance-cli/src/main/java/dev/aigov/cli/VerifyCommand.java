package dev.aigov.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "verify", mixinStandardHelpOptions = true, description = "Verify a ledger is intact and sealed.")
final class VerifyCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UsageException("'aigov verify' is not available in this build yet");
    }
}
