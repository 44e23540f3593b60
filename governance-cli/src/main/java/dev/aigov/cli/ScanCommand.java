package dev.aigov.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "scan", mixinStandardHelpOptions = true, description = "List commits with their AI attribution.")
final class ScanCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UsageException("'aigov scan' is not available in this build yet");
    }
}
