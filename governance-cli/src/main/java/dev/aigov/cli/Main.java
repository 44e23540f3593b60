package dev.aigov.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code aigov}: the engine for any CI system. Each subcommand parses its arguments, calls the core, maps to an exit code. */
@Command(name = "aigov", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Govern AI-generated code: find AI-attributed changes, gate them on evidence and approval, "
                + "issue short-lived credentials, and keep a tamper-evident audit record.")
public final class Main implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * The subcommands, in the order the usage lists them, by class name: a run builds only the command it runs
     * (picocli reflects over every command it is given, and each command's classes load with it).
     */
    static final Map<String, String> COMMANDS = new LinkedHashMap<>();

    static {
        for (String name : List.of("demo:DemoCommand", "scan:ScanCommand", "gate:GateCommand", "policy:PolicyCommand", "exec:ExecCommand",
                "reap:ReapCommand", "jwt:JwtCommand", "approve:ApproveCommand", "seal:SealCommand",
                "verify:VerifyCommand", "report:ReportCommand", "key:KeyCommand")) {
            COMMANDS.put(name.substring(0, name.indexOf(':')), "dev.aigov.cli." + name.substring(name.indexOf(':') + 1));
        }
    }

    public static void main(String[] args) {
        // A failure in a helper thread (the output pumps of exec) is one line too, never a stack trace.
        Thread.setDefaultUncaughtExceptionHandler((thread, e) ->
                System.err.println("aigov: " + thread.getName() + ": " + ErrorHandler.describe(e)));
        System.exit(run(args));
    }

    /** Runs the CLI in this process and returns the exit code (tests call this). */
    public static int run(String... args) {
        CommandLine cli = args.length > 0 && COMMANDS.containsKey(args[0]) ? commandLine(args[0]) : commandLine();
        try {
            return cli.execute(args);
        } catch (Throwable t) { // an Error (out of memory, stack overflow) that picocli does not handle: one line, never a trace
            cli.getErr().println("aigov: " + ErrorHandler.describe(t));
            return ExitCodes.ERROR;
        } finally {
            // picocli's writers buffer; a command that prints without a final newline (policy default) would print nothing.
            cli.getOut().flush();
            cli.getErr().flush();
        }
    }

    /** The whole CLI, every subcommand. */
    static CommandLine commandLine() {
        return commandLine(null);
    }

    /** The CLI with only {@code only} as subcommand (null: all of them); usage and errors read as for the whole CLI. */
    static CommandLine commandLine(String only) {
        CommandLine cli = new CommandLine(new Main());
        CommandLine.IFactory factory = CommandLine.defaultFactory();
        for (Map.Entry<String, String> command : COMMANDS.entrySet()) {
            if (only == null || only.equals(command.getKey())) {
                try {
                    cli.addSubcommand(command.getKey(), factory.create(Class.forName(command.getValue())));
                } catch (Exception e) {
                    throw new IllegalStateException("cannot create the command " + command.getKey(), e);
                }
            }
        }
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
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
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
            return new String[] {Launcher.version()};
        }
    }
}
