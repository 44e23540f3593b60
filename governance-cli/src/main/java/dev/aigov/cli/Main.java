package dev.aigov.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

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
public final class Main implements Runnable {

    public static void main(String[] args) {
        // A failure in a helper thread (the output pumps of exec) is one line too, never a stack trace.
        Thread.setDefaultUncaughtExceptionHandler((thread, e) ->
                System.err.println("aigov: " + thread.getName() + ": " + ErrorHandler.describe(e)));
        System.exit(run(args));
    }

    /** Runs the CLI in this process and returns the exit code (tests call this). */
    public static int run(String... args) {
        CommandLine cli = commandLine();
        try {
            return cli.execute(args);
        } catch (Throwable t) { // an Error (out of memory, stack overflow) that picocli does not handle: one line, never a trace
            cli.getErr().println("aigov: " + ErrorHandler.describe(t));
            return ExitCodes.ERROR;
        }
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(new ErrorHandler());
        cli.setParameterExceptionHandler((ex, argv) -> {
            ex.getCommandLine().getErr().println("aigov: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCodes.USAGE;
        });
        return cli;
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    /** Known failures print one clear line and exit 2; nothing prints a stack trace at people. */
    static final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
            cmd.getErr().println("aigov: " + Terminal.visible(describe(ex)));
            return ex instanceof UsageException || fileProblem(ex) != null ? ExitCodes.USAGE : ExitCodes.ERROR;
        }

        /** A file the user named that cannot be used (missing, a directory, unreadable, over its cap), or null. */
        static java.io.IOException fileProblem(Throwable ex) {
            for (Throwable t = ex; t != null; t = t.getCause()) {
                if (t instanceof dev.aigov.files.SafeFiles.RefusedException || t instanceof java.nio.file.FileSystemException) {
                    return (java.io.IOException) t;
                }
            }
            return null;
        }

        /** One line saying what went wrong: never only a path, never a stack trace. */
        static String describe(Throwable ex) {
            if (ex instanceof OutOfMemoryError) {
                return "out of memory; an input is larger than this command can hold";
            }
            if (ex instanceof StackOverflowError) {
                return "an input is nested too deeply";
            }
            java.io.IOException file = fileProblem(ex);
            if (file != null && (ex == file || ex.getMessage() == null || ex.getMessage().equals(file.getMessage()))) {
                return dev.aigov.files.SafeFiles.describe(file, null);
            }
            String message = ex.getMessage();
            if (message == null || message.isBlank()) {
                return ex.getClass().getSimpleName();
            }
            if (file instanceof java.nio.file.FileSystemException fs && fs.getReason() == null
                    && message.endsWith(String.valueOf(fs.getFile()))) {
                // "cannot update x.json: x.json.lock" says only where: say what went wrong there too
                return message.substring(0, message.length() - fs.getFile().length())
                        + dev.aigov.files.SafeFiles.describe(file, null);
            }
            return message.lines().findFirst().orElse(message);
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
