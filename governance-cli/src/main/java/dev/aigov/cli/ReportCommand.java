package dev.aigov.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "report", mixinStandardHelpOptions = true, description = "Render a ledger as HTML, JSON or an in-toto statement.")
final class ReportCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UsageException("'aigov report' is not available in this build yet");
    }
}
