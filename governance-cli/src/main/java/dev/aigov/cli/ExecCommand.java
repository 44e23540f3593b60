package dev.aigov.cli;

import dev.aigov.approval.ApprovalException;
import dev.aigov.approval.ApprovalRequest;
import dev.aigov.approval.ApprovalRequests;
import dev.aigov.approval.RequestApprovalGuard;
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
        description = "Run a command with short-lived credentials for a role, revoked when it ends however it ends.")
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

    @Option(names = "--policy", description = "Policy file (default: the built-in policy).")
    Path policyFile;

    @Option(names = "--ttl", converter = DurationConverter.class,
            description = "Lifetime, e.g. 90s, 15m, 1h (default: the role's; above limits.maxTtl is refused).")
    Duration ttl;

    @Option(names = "--journal", description = "Lease journal (default: .aigov/leases.journal).")
    Path journal;

    @Option(names = "--keys", description = "JWT key store (default: $AIGOV_HOME/jwt-keys or .aigov/jwt-keys).")
    Path keys;

    @Option(names = "--job", description = "Job name (default from JOB_NAME, GITHUB_REPOSITORY, CI_PROJECT_PATH, else 'local').")
    String job;

    @Option(names = "--build", description = "Build id (default from BUILD_NUMBER, GITHUB_RUN_ID, CI_PIPELINE_ID, else generated).")
    String build;

    @Option(names = "--ledger", paramLabel = "FILE",
            description = "The build's audit ledger: the credential's issue and revocation are appended (handle hash, role, "
                    + "policies, TTL, expiry; never the secret). If the ledger refuses the issue event, the credential is "
                    + "revoked and the command never starts.")
    Path ledgerFile;

    @Option(names = "--request", paramLabel = "FILE",
            description = "The gate's approval request for this run ('aigov gate --request-out'). Roles with requiresApproval "
                    + "are issued only when it is approved and belongs to the same job and build.")
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
    private Process child;
    private int signal;
    private long signalledAt;

    @Override
    public Integer call() throws IOException {
        Map<String, String> env = System.getenv();
        Policy policy = Policies.load(policyFile);
        String provider;
        try {
            provider = policy.identity(role).provider();
        } catch (PolicyException e) {
            throw new UsageException(e.getMessage());
        }
        LeaseJournal leases = new LeaseJournal(Locations.journal(journal));
        BuildRef run = RunContext.build(job, build, env);
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
                        Providers.create(Set.of(provider), policy, Locations.keys(keys, env), env, true), leases, approvalGuard());
                lease = broker.issue(new IdentityRequest(run, role, ttl, agent, "", RunContext.commit(env), "", gateDecision()));
            } catch (CredentialException | IOException e) {
                System.err.println("aigov: cannot issue credentials for role '" + role + "': " + e.getMessage()
                        + "; the command was not started");
                return ExitCodes.ERROR;
            }
            try {
                log.record(AuditLog.cliActor(), Events.credentialIssued(lease, agent, model, promptDigest, requestId));
            } catch (LedgerException e) {
                System.err.println("aigov: cannot record the credential in " + ledgerFile + ": " + e.getMessage()
                        + "; revoking it, the command was not started");
                revokeQuietly(broker, lease, log);
                return ExitCodes.ERROR;
            }
            return runAndRevoke(broker, lease, log);
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

    /** The id of the approval request given with --request, or empty. */
    private String requestId() {
        if (request == null) {
            return "";
        }
        try {
            return ApprovalRequests.read(request).id();
        } catch (ApprovalException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    private static void revokeQuietly(CredentialBroker broker, Lease lease, AuditLog log) {
        try {
            broker.revoke(lease);
        } catch (CredentialException e) {
            System.err.println("aigov: ERROR: REVOCATION FAILED for role '" + lease.role() + "': " + e.getMessage()
                    + "; run 'aigov reap --journal " + broker.journal().file() + "'");
        }
    }

    private int runAndRevoke(CredentialBroker broker, Lease lease, AuditLog log) {
        Path tokenFile = null;
        int exit;
        try {
            Map<String, String> environment = new HashMap<>(lease.environment());
            lease.secrets().forEach((name, secret) -> environment.put(name, secret.reveal()));
            Secret idToken = lease.secrets().get("AIGOV_ID_TOKEN");
            if (idToken != null) {
                tokenFile = Files.createTempFile("aigov-id-token-", "",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(tokenFile, idToken.reveal(), StandardCharsets.UTF_8);
                environment.put("AIGOV_ID_TOKEN_FILE", tokenFile.toString());
            }
            exit = run(environment, SecretMasker.of(lease.secrets().values()));
        } catch (IOException e) {
            System.err.println("aigov: cannot run " + command.getFirst() + ": " + e.getMessage());
            exit = 127;
        } finally {
            if (tokenFile != null) {
                try {
                    Files.deleteIfExists(tokenFile);
                } catch (IOException e) {
                    System.err.println("aigov: cannot delete " + tokenFile + ": " + e.getMessage());
                }
            }
        }
        try {
            broker.revoke(lease);
        } catch (CredentialException e) {
            System.err.println("aigov: ERROR: REVOCATION FAILED for role '" + lease.role() + "': " + e.getMessage()
                    + "; run 'aigov reap --journal " + broker.journal().file() + "'");
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
            System.err.println("aigov: ERROR: cannot record " + event.type() + " in " + ledgerFile + ": " + e.getMessage());
            return false;
        }
    }

    /** Runs the command with masked output; returns its exit code, or 128+signal when aigov was signalled. */
    private int run(Map<String, String> environment, SecretMasker masker) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT);
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

    /** The gate's decision so far as the approval request records it, for the identity's {@code gate} claim. */
    private String gateDecision() {
        if (request == null) {
            return "";
        }
        try {
            ApprovalRequest r = ApprovalRequests.read(request);
            return switch (r.status()) {
                case APPROVED -> "APPROVED";
                case REJECTED -> "REJECTED";
                case PENDING -> r.decision();
            };
        } catch (ApprovalException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    private ApprovalGuard approvalGuard() {
        if (request == null) {
            return ApprovalGuard.DENY_ALL;
        }
        try {
            return new RequestApprovalGuard(ApprovalRequests.read(request));
        } catch (ApprovalException e) {
            throw new UsageException(e.getMessage(), e);
        }
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
