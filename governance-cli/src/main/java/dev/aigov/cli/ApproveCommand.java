package dev.aigov.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "approve", mixinStandardHelpOptions = true, description = "Approve or reject a pending approval request.")
final class ApproveCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UsageException("'aigov approve' is not available in this build yet");
    }
}
