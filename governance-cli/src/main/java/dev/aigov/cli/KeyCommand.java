package dev.aigov.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "key", mixinStandardHelpOptions = true, description = "Manage the ledger signing key.")
final class KeyCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UsageException("'aigov key' is not available in this build yet");
    }
}
