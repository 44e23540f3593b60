package dev.aigov.cli;

import dev.aigov.approval.ApprovalException;
import dev.aigov.approval.ApprovalRequest;
import dev.aigov.approval.ApprovalRequests;
import dev.aigov.approval.ApprovalStatus;
import dev.aigov.approval.SignedApprovals;
import dev.aigov.gate.AttributedCommit;
import dev.aigov.gate.Decision;
import dev.aigov.gate.EvidenceCheck;
import dev.aigov.gate.EvidenceUnreadableException;
import dev.aigov.gate.GateEngine;
import dev.aigov.gate.GateResult;
import dev.aigov.build.BuildRef;
import dev.aigov.intent.Prompt;
import dev.aigov.ledger.Event;
import dev.aigov.ledger.Events;
import dev.aigov.ledger.LedgerException;
import dev.aigov.credentials.ApprovalGuard;
import dev.aigov.credentials.CredentialBroker;
import dev.aigov.credentials.CredentialException;
import dev.aigov.credentials.IdentityRequest;
import dev.aigov.credentials.Lease;
import dev.aigov.credentials.LeaseJournal;
import dev.aigov.credentials.Secret;
import dev.aigov.credentials.SecretMasker;
import dev.aigov.policy.Policy;
import dev.aigov.policy.PolicyException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sun.misc.Signal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

@Command(name = "exec", mixinStandardHelpOptions = true,
        description = "Run a command with short-lived credentials for a role, revoked when it ends however it ends.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "N:COMMAND's own exit code (0-255): it ran and its credential was revoked",
                "128+S:COMMAND ended by signal S, or aigov got SIGINT/SIGTERM/SIGHUP (forwarded to COMMAND)",
                "127:COMMAND could not be started (the credential was revoked)",
                "1:The credential could not be issued or recorded (COMMAND never started), or revoking it failed "
                        + "(the handle stays in the journal for 'aigov reap')",
                "2:Bad usage: unknown option or role, invalid policy"},
        footerHeading = "%nEnvironment set for COMMAND (each secret is masked as **** in its output):%n",
        footer = {
                "  jwt role:           AIGOV_ID_TOKEN (the signed token),",
                "                      AIGOV_ID_TOKEN_FILE (a 0600 file holding it, deleted after)",
                "  vault token role:   VAULT_TOKEN (the role's child token), VAULT_ADDR,",
                "                      VAULT_NAMESPACE (when set)",
                "  vault secret: role: AIGOV_<FIELD> per field of the dynamic secret",
                "                      (e.g. AIGOV_USERNAME, AIGOV_PASSWORD)",
                "Removed from COMMAND's environment: aigov's own VAULT_TOKEN, VAULT_ROLE_ID,",
                "VAULT_SECRET_ID."})
final class ExecCommand implements Callable<Integer> {
    private static final List<String> FORWARDED = List.of("INT", "TERM", "HUP");
    /**
     * The broker's own Vault credentials: long-lived and able to mint tokens, so never handed to the command (a
     * token role gets its own {@code VAULT_TOKEN} from the lease instead).
     */
    private static final List<String> BROKER_SECRETS = List.of("VAULT_TOKEN", "VAULT_ROLE_ID", "VAULT_SECRET_ID");
    /** How long a signalled child gets to exit before it is killed. */
    private static final Duration GRACE = Duration.ofSeconds(10);

    @Option(names = "--role", required = true, description = "The policy's identity role.")
    String role;

    @Option(names = "--policy", description = "Policy file (default: .aigov/policy.yaml at the trusted base commit of "
            + "--repo, never the working tree; else the built-in policy).")
    Path policyFile;

    @Option(names = "--repo", paramLabel = "DIR", defaultValue = ".",
            description = "The repository being deployed: requiresApproval roles recompute its decision over the trusted "
                    + "range (trusted base..HEAD). Default: the current directory.")
    Path repo;

    @Option(names = "--range", paramLabel = "REVRANGE",
            description = "Optional: the range the gate decided on; it must cover the trusted base..HEAD and not be empty, "
                    + "or no requiresApproval role is issued.")
    String range;

    @Option(names = "--ttl", converter = DurationConverter.class,
            description = "Lifetime, e.g. 90s, 15m, 1h (default: the role's; above limits.maxTtl is refused).")
    Duration ttl;

    @Option(names = "--journal", description = "Lease journal (default: $AIGOV_HOME, else $XDG_STATE_HOME/aigov, else "
            + "~/.local/state/aigov: leases.journal).")
    Path journal;

    @Option(names = "--keys", description = "JWT key store (default: jwt-keys in $AIGOV_HOME, else $XDG_STATE_HOME/aigov, "
            + "else ~/.local/state/aigov). Never created inside a git work tree unless --allow-key-in-worktree.")
    Path keys;

    @Option(names = Locations.ALLOW_OPTION, description = "Allow creating the key store inside a git work tree.")
    boolean allowKeyInWorkTree;

    @Option(names = "--job", description = "Job name (default from JOB_NAME, GITHUB_REPOSITORY, CI_PROJECT_PATH, else 'local').")
    String job;

    @Option(names = "--build", description = "Build id (default from BUILD_NUMBER, GITHUB_RUN_ID, CI_PIPELINE_ID, else 'local').")
    String build;

    @Option(names = "--ledger", paramLabel = "FILE",
            description = "The build's audit ledger: the credential's issue and revocation are appended (handle hash, role, "
                    + "policies, TTL, expiry; never the secret). If the ledger refuses the issue event, the credential is "
                    + "revoked and the command never starts.")
    Path ledgerFile;

    @Option(names = "--request", paramLabel = "FILE",
            description = "The gate's approval request for this run ('aigov gate --request-out'), only a carrier: roles with "
                    + "requiresApproval are issued only when the approvals signed over the decision recomputed here (same "
                    + "job and build, trusted range, trusted policy) satisfy it.")
    Path request;

    @Option(names = "--agent", defaultValue = "", paramLabel = "NAME",
            description = "The AI agent's name: recorded as agent.declared and in the credential.")
    String agent;

    @Option(names = "--model", defaultValue = "", paramLabel = "MODEL", description = "The agent's model, recorded with it.")
    String model;

    @Option(names = "--prompt-file", paramLabel = "FILE",
            description = "The prompt the agent is given. Scanned for secrets before anything starts (a secret: exit 2, the "
                    + "command never starts, the prompt is not kept, the ledger records agent.prompt-refused with the kind "
                    + "of secret); else its SHA-256 and size are recorded and its text kept as <ledger dir>/prompts/<sha256>.txt.")
    Path promptFile;

    @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "The command and its arguments, after --.")
    List<String> command;

    private final Object lock = new Object();
    private TrustedChange trusted;
    private BuildRef run;
    private SignedApprovals.Replay verdict;
    private String denial = "";
    private Process child;
    private int signal;
    private long signalledAt;

    @Override
    public Integer call() throws IOException {
        Map<String, String> env = System.getenv();
        trusted = TrustedChange.resolve(repo, range, policyFile, env);
        Policy policy = trusted.policy().policy();
        String provider;
        try {
            provider = policy.identity(role).provider();
        } catch (PolicyException e) {
            throw new UsageException(e.getMessage());
        }
        LeaseJournal leases = new LeaseJournal(Locations.journal(journal));
        BuildRef run = RunContext.build(job, build, env);
        this.run = run;
        AuditLog log = AuditLog.open(ledgerFile, run);
        String promptDigest;
        try {
            promptDigest = declareAgent(log);
        } catch (LedgerException e) {
            System.err.println("aigov: cannot record the agent in " + ledgerFile + ": " + e.getMessage()
                    + "; the command was not started");
            return ExitCodes.ERROR;
        }
        String requestId = requestId();
        Map<Signal, sun.misc.SignalHandler> previous = installHandlers();
        try {
            CredentialBroker broker;
            Lease lease;
            try {
                broker = new CredentialBroker(policy,
                        Providers.create(Set.of(provider), policy, Locations.keys(keys, env, allowKeyInWorkTree), env, true), leases, approvalGuard());
                lease = broker.issue(new IdentityRequest(run, role, ttl, agent, "", RunContext.commit(env), "", gateDecision()));
            } catch (CredentialException | IOException e) {
                System.err.println(Terminal.visible("aigov: cannot issue credentials for role '" + role + "': " + e.getMessage()
                        + (denial.isEmpty() ? "" : " (" + denial + ")") + "; the command was not started"));
                return ExitCodes.ERROR;
            }
            try {
                log.record(AuditLog.cliActor(), Events.credentialIssued(lease, agent, model, promptDigest,
                        verdict != null ? verdict.request().id() : requestId));
            } catch (LedgerException e) {
                System.err.println(Terminal.visible("aigov: cannot record the credential in " + ledgerFile + ": " + e.getMessage()
                        + "; revoking it, the command was not started"));
                revokeQuietly(broker, lease, log);
                return ExitCodes.ERROR;
            }
            return runAndRevoke(broker, lease, log, leases);
        } finally {
            previous.forEach(Signal::handle);
        }
    }

    /**
     * Records the declared agent and its prompt before anything is issued or started; returns the prompt's digest, or
     * empty. A prompt holding a secret is refused: recorded by kind only, not kept, and the command never starts.
     */
    private String declareAgent(AuditLog log) {
        if (promptFile == null) {
            if (!agent.isEmpty() || !model.isEmpty()) {
                log.record(AuditLog.cliActor(), Events.agentDeclared(agent, model, ""));
            }
            return "";
        }
        Prompt prompt;
        try {
            prompt = Prompt.read(promptFile);
        } catch (IOException e) {
            throw new UsageException("cannot read prompt file " + promptFile + ": " + e.getMessage(), e);
        }
        List<String> kinds = prompt.secretKinds();
        if (!kinds.isEmpty()) {
            List<Integer> lines = prompt.secretLines();
            log.record(AuditLog.cliActor(), Events.agentPromptRefused(agent, model, kinds, lines));
            throw new UsageException("prompt file " + promptFile + " holds a secret (" + String.join(", ", kinds)
                    + " on line " + lines.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "))
                    + "): the command was not started and the prompt was not kept");
        }
        String kept = "";
        if (log.enabled()) {
            try {
                kept = prompt.store(ledgerFile.toAbsolutePath().getParent());
            } catch (IOException e) {
                throw new LedgerException("cannot keep the prompt beside the ledger: " + e.getMessage(), e);
            }
        }
        log.record(AuditLog.cliActor(), Events.agentDeclared(agent, model, prompt.digest(), prompt.size(), kept));
        return prompt.digest();
    }

    /**
     * The id of the approval request given with --request, or empty (also when it cannot be read: whether a role may be
     * issued is the approval guard's to say, with its own reasons).
     */
    private String requestId() {
        if (request == null) {
            return "";
        }
        try {
            return ApprovalRequests.read(request).id();
        } catch (ApprovalException e) {
            return "";
        }
    }

    private static void revokeQuietly(CredentialBroker broker, Lease lease, AuditLog log) {
        try {
            broker.revoke(lease);
        } catch (CredentialException e) {
            System.err.println(Terminal.visible("aigov: ERROR: REVOCATION FAILED for role '" + lease.role() + "': " + e.getMessage()
                    + "; run 'aigov reap --journal " + broker.journal().file() + "'"));
        }
    }

    private int runAndRevoke(CredentialBroker broker, Lease lease, AuditLog log, LeaseJournal leases) {
        Path tokenDir = null;
        Path tokenFile = null;
        int exit;
        try {
            Map<String, String> environment = new HashMap<>(lease.environment());
            lease.secrets().forEach((name, secret) -> environment.put(name, secret.reveal()));
            Secret idToken = lease.secrets().get("AIGOV_ID_TOKEN");
            if (idToken != null) {
                // A private directory (0700) of its own, never the shared temp directory itself; recorded in the
                // journal before the token is written, so that a reaper can remove it after a crash.
                tokenDir = Files.createTempDirectory("aigov-exec-",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                tokenFile = tokenDir.resolve("id-token");
                leases.files(lease.handle(), List.of(tokenFile, tokenDir));
                Files.writeString(Files.createFile(tokenFile,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
                        idToken.reveal(), StandardCharsets.UTF_8);
                environment.put("AIGOV_ID_TOKEN_FILE", tokenFile.toString());
            }
            exit = run(environment, SecretMasker.of(lease.secrets().values()), leases, lease);
        } catch (IOException e) {
            System.err.println("aigov: cannot run " + Terminal.visible(command.getFirst()) + ": " + e.getMessage());
            exit = 127;
        } finally {
            for (Path p : java.util.Arrays.asList(tokenFile, tokenDir)) {
                if (p != null) {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException e) {
                        System.err.println(Terminal.visible("aigov: cannot delete " + p + ": " + e.getMessage()));
                    }
                }
            }
        }
        try {
            broker.revoke(lease);
        } catch (CredentialException e) {
            System.err.println(Terminal.visible("aigov: ERROR: REVOCATION FAILED for role '" + lease.role() + "': " + e.getMessage()
                    + "; run 'aigov reap --journal " + broker.journal().file() + "'"));
            recordQuietly(log, Events.credentialRevokeFailed(lease.handle(), lease.role(), CredentialBroker.REVOKE_ATTEMPTS, e.getMessage()));
            return exit == 0 ? ExitCodes.ERROR : exit;
        }
        if (!recordQuietly(log, Events.credentialRevoked(lease.handle(), lease.role(), Instant.now()))) {
            return exit == 0 ? ExitCodes.ERROR : exit;
        }
        return exit;
    }

    /** Records after the fact: the credential is already gone, so a refusing ledger is reported, not fatal to it. */
    private boolean recordQuietly(AuditLog log, Event event) {
        try {
            log.record(AuditLog.cliActor(), event);
            return true;
        } catch (LedgerException e) {
            System.err.println(Terminal.visible("aigov: ERROR: cannot record " + event.type() + " in " + ledgerFile + ": " + e.getMessage()));
            return false;
        }
    }

    /** Runs the command with masked output; returns its exit code, or 128+signal when aigov was signalled. */
    private int run(Map<String, String> environment, SecretMasker masker, LeaseJournal leases, Lease lease) throws IOException {
        if (!runnable(command.getFirst())) {
            throw new IOException("no such executable file");
        }
        // Its own process group and session (setsid), so that a reaper can end it and all it started after aigov
        // itself was killed; setsid execs the command in place, so its pid is the group's id.
        List<String> argv = new ArrayList<>(command);
        Path setsid = onPath("setsid");
        if (setsid != null) {
            argv.addFirst(setsid.toString());
        }
        ProcessBuilder builder = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.INHERIT);
        builder.environment().keySet().removeAll(BROKER_SECRETS);
        builder.environment().putAll(environment);
        Process process;
        synchronized (lock) {
            if (signal != 0) {
                return 128 + signal; // signalled between issuing and starting: never start it
            }
            process = builder.start();
            child = process;
        }
        if (setsid != null) {
            try {
                leases.process(lease.handle(), process.pid(), dev.aigov.credentials.Reaper.startTime(process.toHandle()));
            } catch (IOException e) {
                System.err.println(Terminal.visible("aigov: cannot record the command's process group in " + leases.file() + ": " + e.getMessage()));
            }
        }
        Thread out = pump(process.getInputStream(), masker.wrap(System.out), "stdout");
        Thread err = pump(process.getErrorStream(), masker.wrap(System.err), "stderr");
        int exit = waitFor(process);
        synchronized (lock) {
            child = null; // its pid may be reused now: later signals must not be forwarded to it
        }
        join(out);
        join(err);
        synchronized (lock) {
            return signal != 0 ? 128 + signal : exit;
        }
    }

    /** Whether {@code name} names an executable file, as a path or through PATH. */
    private static boolean runnable(String name) {
        if (name.contains("/")) {
            return Files.isExecutable(Path.of(name)) && !Files.isDirectory(Path.of(name));
        }
        return onPath(name) != null;
    }

    private static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private int waitFor(Process process) {
        while (true) {
            try {
                if (process.waitFor(200, TimeUnit.MILLISECONDS)) {
                    return process.exitValue();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (lock) {
                if (signal != 0 && System.nanoTime() - signalledAt > GRACE.toNanos()) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            }
        }
    }

    /** The gate's decision so far as the signed approvals over the recomputed decision leave it, for the {@code gate} claim. */
    private String gateDecision() {
        if (request == null) {
            return "";
        }
        SignedApprovals.Replay replay = verdict();
        if (replay == null) {
            return "";
        }
        return switch (replay.request().status()) {
            case APPROVED -> "APPROVED";
            case REJECTED -> "REJECTED";
            case PENDING -> replay.request().decision();
        };
    }

    private ApprovalGuard approvalGuard() {
        return (identity, role) -> {
            if (request == null) {
                denial = "no --request given";
                return false;
            }
            SignedApprovals.Replay replay = verdict();
            if (replay == null) {
                return false;
            }
            if (replay.request().status() != ApprovalStatus.APPROVED) {
                denial = "the recomputed request " + replay.request().id().substring(0, 12) + " is "
                        + replay.request().status().name().toLowerCase(java.util.Locale.ROOT)
                        + (replay.notes().isEmpty() ? "" : "; " + String.join("; ", replay.notes()));
                return false;
            }
            return true;
        };
    }

    /**
     * Recomputes the decision from the repository over the trusted range under the trusted policy and replays the
     * request file's signed approvals over it; null (with {@link #denial} saying why) when no approval can count.
     */
    private SignedApprovals.Replay verdict() {
        if (verdict != null || !denial.isEmpty()) {
            return verdict;
        }
        if (!trusted.covers()) {
            denial = trusted.notCoveringNote().substring("note: ".length());
            return null;
        }
        ApprovalRequest carrier;
        try {
            carrier = ApprovalRequests.read(request);
        } catch (ApprovalException e) {
            throw new UsageException(e.getMessage(), e);
        }
        Policy policy = trusted.policy().policy();
        AttributedRange attributed = AttributedRange.read(trusted.revisions(), repo, trusted.rangeToRead(range), policy.attribution(),
                Terminal.detect(), new java.io.PrintWriter(System.err, true));
        GateResult result;
        try {
            result = new GateEngine(policy).evaluate(attributed.commits(), EvidenceCheck.NONE);
        } catch (EvidenceUnreadableException e) {
            throw new IllegalStateException(e);
        }
        if (!(result.decision() instanceof Decision.ApprovalRequired required)) {
            denial = "the decision recomputed over " + trusted.range() + " is " + result.decision().id()
                    + ", not an approved request";
            return null;
        }
        ApprovalRequest recomputed = ApprovalRequest.create(run, required,
                attributed.commits().stream().filter(AttributedCommit::aiAttributed).map(AttributedCommit::commit).toList(),
                agent, policy.approval(), trusted.scope(), Instant.now());
        String recorded = ledgerVerdict(recomputed);
        if (!recorded.isEmpty()) {
            denial = recorded;
            return null;
        }
        verdict = SignedApprovals.replay(recomputed, carrier, trusted.policy());
        return verdict;
    }

    /**
     * What the build's ledger already says about this head: the gate's last decision on it (a {@code FAIL}, e.g. for
     * missing evidence, which exec does not recompute, stands) and any rejection of it. Empty when nothing forbids.
     */
    private String ledgerVerdict(ApprovalRequest recomputed) {
        if (ledgerFile == null || !Files.exists(ledgerFile)) {
            return "";
        }
        String lastDecision = "";
        for (dev.aigov.ledger.LedgerEvent e : dev.aigov.ledger.LedgerVerifier.read(ledgerFile, null).events()) {
            var data = e.data();
            if (e.type().equals(Events.GATE_EVALUATED) && recomputed.head().equals(data.path("headCommit").asText(""))) {
                lastDecision = data.path("decision").asText("");
            }
            if (e.type().equals(Events.APPROVAL_REJECTED) && (recomputed.head().equals(data.path("head").asText(""))
                    || recomputed.id().equals(data.path("requestId").asText("")))) {
                return "the ledger " + ledgerFile + " holds a rejection of this change by " + data.path("approver").asText("?")
                        + " (event " + e.seq() + ")";
            }
        }
        return lastDecision.equals("FAIL") ? "the gate's last decision on this head in " + ledgerFile + " is FAIL" : "";
    }

    private Map<Signal, sun.misc.SignalHandler> installHandlers() {
        Map<Signal, sun.misc.SignalHandler> previous = new HashMap<>();
        for (String name : FORWARDED) {
            Signal sig = new Signal(name);
            previous.put(sig, Signal.handle(sig, this::onSignal));
        }
        return previous;
    }

    /** Forwards the signal to the command and everything it started; the main thread then revokes and exits. */
    private void onSignal(Signal sig) {
        synchronized (lock) {
            if (signal == 0) {
                signal = sig.getNumber();
                signalledAt = System.nanoTime();
            }
            if (child == null) {
                return;
            }
            List<String> kill = new ArrayList<>(List.of("kill", "-s", sig.getName(), Long.toString(child.pid())));
            child.descendants().forEach(p -> kill.add(Long.toString(p.pid())));
            try {
                new ProcessBuilder(kill).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start().waitFor(5, TimeUnit.SECONDS);
            } catch (IOException e) {
                child.destroy();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Thread pump(InputStream from, OutputStream to, String name) {
        Thread thread = new Thread(() -> {
            try (from; to) {
                from.transferTo(to);
            } catch (IOException e) {
                // the child closed its end early; nothing more to mask
            }
        }, "aigov-exec-" + name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Bounded: a grandchild that outlives the command may hold the pipe open. */
    private static void join(Thread pump) {
        try {
            pump.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
