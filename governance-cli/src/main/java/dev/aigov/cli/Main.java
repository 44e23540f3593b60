package dev.aigov.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code aigov}: the engine for any CI system. Each subcommand parses its arguments, calls the core, maps to an exit code. */
@Command(name = "aigov", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Govern AI-generated code: find AI-attributed changes, gate them on evidence and approval, "
                + "issue short-lived credentials, and keep a tamper-evident audit record.",
        subcommands = {
                ScanCommand.class,
                GateCommand.class,
                PolicyCommand.class,
                ExecCommand.class,
                ReapCommand.class,
                JwtCommand.class,
                ApproveCommand.class,
                SealCommand.class,
                VerifyCommand.class,
                ReportCommand.class,
                KeyCommand.class,
        })
public final class Main implements Callable<Integer> {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI in this process and returns the exit code (tests call this). */
    public static int run(String... args) {
        CommandLine cli = commandLine();
        try {
            return cli.execute(args);
        } finally {
            // picocli's writers buffer; a command that prints without a final newline (policy default) would print nothing.
            cli.getOut().flush();
            cli.getErr().flush();
        }
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        // One stdout and one stderr writer for every subcommand, so that run() flushes what any of them printed.
        cli.setOut(cli.getOut());
        cli.setErr(cli.getErr());
        cli.setExecutionExceptionHandler(new ErrorHandler());
        cli.setParameterExceptionHandler((ex, argv) -> {
            ex.getCommandLine().getErr().println("aigov: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCodes.USAGE;
        });
        return cli;
    }

    /** Bare {@code aigov} is a usage error: the usage goes to stderr, exit 2. */
    @Override
    public Integer call() {
        CommandLine.usage(this, System.err);
        return ExitCodes.USAGE;
    }

    /** Known failures print one clear line and exit 2; nothing prints a stack trace at people. */
    static final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
            cmd.getErr().println("aigov: " + (ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage()));
            return ex instanceof UsageException ? ExitCodes.USAGE : ExitCodes.ERROR;
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"aigov " + (version == null ? "development build" : version)};
        }
    }
}
