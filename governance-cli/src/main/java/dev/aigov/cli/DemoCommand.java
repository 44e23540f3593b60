package dev.aigov.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code aigov demo [DIR]}: the whole product on a sample repository, offline. It builds a small order service's
 * history (a human, agent identities, co-author trailers of several tools; authentication, CI configuration,
 * dependencies, and on a side branch an agent commit that adds a cloud key), writes the evidence reports a build
 * would leave, and runs the real commands on it in this process, printing each command, its output and what it
 * showed: scan, gate (a refused branch, then approval required), approvals with a refused self-approval, the gate
 * again, a deploy credential issued, masked and revoked, seal, verify, report.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Build a sample repository and walk the whole flow on it: scan, gate with evidence, approvals "
                + "(one refused self-approval), a short-lived credential issued, masked and revoked, seal, verify and "
                + "the HTML report. Needs git, ssh-keygen and sh; no server, no network.",
                "Exit 0 when every step showed what it should, 1 when one did not (named), 2 when DIR is not new or empty."})
final class DemoCommand implements Callable<Integer> {
    private static final String JOB = "shop/order-service";
    private static final String BUILD = "42";

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "DIR",
            description = "Where to build the demo: a new or empty directory. Default: ./aigov-demo.")
    Path dir;

    private PrintWriter out;
    private Path root;
    private String shown;
    private final List<String> summary = new ArrayList<>();
    private int step;
    private boolean failed;

    @Override
    public Integer call() throws Exception {
        shown = dir == null ? "aigov-demo" : dir.toString();
        root = (dir == null ? Path.of("aigov-demo") : dir).toAbsolutePath().normalize();
        if (Files.exists(root) && (!Files.isDirectory(root) || !isEmpty(root))) {
            throw new UsageException(shown + " exists and is not an empty directory; name a new one: aigov demo DIR");
        }
        out = spec.commandLine().getOut();
        String workTree = enclosingWorkTree(root);
        List<String> allowKeys = workTree.isEmpty() ? List.of() : List.of(Locations.ALLOW_OPTION);
        Path repo = root.resolve("shop-service");
        Path gov = Files.createDirectories(root.resolve("governance"));
        Files.createDirectories(repo);

        out.println("aigov demo: a sample repository in " + shown + "/shop-service, the governance files in " + shown
                + "/governance");
        if (!workTree.isEmpty()) {
            out.println("(" + shown + " is inside the git work tree " + workTree + ": the demo's throw-away keys are made "
                    + "there with " + Locations.ALLOW_OPTION + "; real keys never belong in a work tree)");
        }
        out.println();
        Path keys = Files.createDirectories(root.resolve("reviewer-keys"));
        SampleRepository sample = SampleRepository.create(repo, keys);
        out.println("Built " + sample.commits().size() + " commits (" + sample.base() + " is the released base and origin/main; "
                + "main is under review, agent/payment-client is an agent's side branch):");
        sample.commits().forEach(c -> out.println("  " + c));
        out.println("and the reports a build leaves in target/ (JaCoCo coverage, a SARIF scan, a CycloneDX SBOM).");
        out.flush();

        String range = sample.base() + "..main";
        String ledger = gov.resolve("build.ledger").toString();
        String request = gov.resolve("approval-request.json").toString();
        String r = repo.toString();

        run("scan: which commits are AI-attributed, by which tool, touching what", 0,
                "4 of 5 commits AI-attributed (agent identities, co-author trailers), with tools and paths",
                "scan", "--repo", r, "--range", range);
        run("gate, agent branch: the cloud key it adds is found", 20,
                "FAIL: SECRET_IN_DIFF, the key shown masked; the branch cannot merge",
                "gate", "--repo", r, "--range", "main..agent/payment-client", "--job", JOB, "--build", "41", "--triggered-by", "ci");
        run("gate, main: evidence found in target/, approvals required", 10,
                "APPROVAL_REQUIRED: AI changes to authentication and CI need 2 security reviewers and an architect; "
                        + "the evidence (coverage, SARIF, SBOM) passed",
                "gate", "--repo", r, "--range", range, "--ledger", ledger, "--request-out", request,
                "--job", JOB, "--build", BUILD, "--triggered-by", "ci");
        approve("approve, maria: a co-author's signed self-approval is refused", 30,
                "refused: separation of duties names the rule; nothing counted", "maria", false, request, ledger, r);
        approve("approve, alice: a security reviewer, signed with her SSH key", 0, "recorded: 1 of 2", "alice", false,
                request, ledger, r);
        approve("approve, bob: security reviewer and architect, signed", 0, "recorded: approved", "bob", true,
                request, ledger, r);
        run("gate, main again: with the approved request", 0, "PASS",
                "gate", "--repo", r, "--range", range, "--ledger", ledger, "--request", request,
                "--job", JOB, "--build", BUILD, "--triggered-by", "ci");
        Path tokenFile = gov.resolve("deploy-token");
        List<String> exec = new ArrayList<>(List.of("exec", "--role", "deploy", "--repo", r, "--range", range,
                "--request", request, "--ledger", ledger, "--journal", gov.resolve("leases.journal").toString(),
                "--keys", gov.resolve("jwt-keys").toString()));
        exec.addAll(allowKeys);
        exec.addAll(List.of("--job", JOB, "--build", BUILD, "--agent", "claude[bot]", "--", "sh", "-c",
                "printf %s \"$AIGOV_ID_TOKEN\" > '" + tokenFile + "'; echo \"deploying order-service with token $AIGOV_ID_TOKEN\""));
        run("exec, deploy: a credential for this approved run, masked, revoked at the end", 0,
                "the token printed by the command shows as ****; issued and revoked in the ledger", exec.toArray(String[]::new));
        String token = Files.exists(tokenFile) ? Files.readString(tokenFile).strip() : "missing";
        runShown("jwt verify: the deploy token after the command", 1, "refused: the token is on the deny-list",
                List.of("jwt", "verify", "\"$(cat " + shown + "/governance/deploy-token)\"", "--keys", shown + "/governance/jwt-keys"),
                withAll(List.of("jwt", "verify", token, "--keys", gov.resolve("jwt-keys").toString()), allowKeys));
        String key = gov.resolve("ledger-key").toString();
        run("seal: the build's ledger, Ed25519", 0, "sealed", withAll(List.of("seal", "--ledger", ledger, "--key", key), allowKeys));
        String publicKey = exportKey(key, gov.resolve("ledger-key.pub"));
        run("verify: the ledger against the pinned public key", 0, "intact and sealed",
                "verify", "--ledger", ledger, "--public-key", publicKey);
        Path html = gov.resolve("audit.html");
        run("report: the audit record as one HTML page", 0, "written",
                "report", "--ledger", ledger, "--out", html.toString(), "--public-key", publicKey);

        out.println();
        out.println("What each step showed:");
        summary.forEach(out::println);
        out.println();
        if (failed) {
            out.println("aigov demo: a step did not show what it should (marked UNEXPECTED above)");
            out.flush();
            return ExitCodes.ERROR;
        }
        out.println("The audit report: " + html);
        out.println("Try: aigov scan --repo " + shown + "/shop-service --range " + sample.base() + "..main --format json");
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * One reviewer's signed action: their SSH key (made by {@code ssh-keygen} in {@code reviewer-keys/}); who they are
     * and their groups come from the allowed signers and {@code approval.groups} of the policy at the base commit.
     */
    private void approve(String title, int expected, String showed, String reviewer, boolean architectural,
                         String request, String ledger, String repo) throws IOException {
        List<String> args = new ArrayList<>(List.of("approve", "--request", request, "--key",
                root.resolve("reviewer-keys").resolve(reviewer).toString(), "--repo", repo, "--ledger", ledger));
        if (architectural) {
            args.add("--architectural");
        }
        run(title, expected, showed, args.toArray(String[]::new));
    }

    private String exportKey(String key, Path publicKey) throws IOException {
        Captured exported = capture("key", "export", "--key", key);
        Files.writeString(publicKey, exported.out());
        return publicKey.toString();
    }

    private void run(String title, int expected, String showed, String... args) throws IOException {
        runShown(title, expected, showed, null, args);
    }

    /** Runs one command in this process, printing it (as {@code shownArgs} when given), its output and the verdict. */
    private void runShown(String title, int expected, String showed, List<String> shownArgs, String... args) throws IOException {
        step++;
        out.println();
        out.printf("%d. %s%n", step, title);
        out.println("   $ aigov " + String.join(" ", shownArgs != null ? shownArgs
                : List.of(args).stream().map(this::display).map(DemoCommand::quoted).toList()));
        out.flush();
        Captured result = capture(args);
        for (String line : (result.out() + result.err()).split("\n")) {
            if (!line.isBlank()) {
                out.println("   | " + display(line));
            }
        }
        boolean ok = result.exit() == expected;
        failed |= !ok;
        String label = title.contains(":") ? title.substring(0, title.indexOf(':')) : title;
        String verdict = String.format("  %2d. %-36s exit %-3d %s", step, label, result.exit(),
                ok ? showed : "UNEXPECTED (expected exit " + expected + ")");
        summary.add(verdict);
        if (!ok) {
            out.println("   UNEXPECTED: exit " + result.exit() + ", expected " + expected);
        }
        out.flush();
    }

    private static String[] withAll(List<String> args, List<String> more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(more);
        return all.toArray(String[]::new);
    }

    /** The git work tree a directory (or its nearest existing ancestor) lies in, or empty. */
    private static String enclosingWorkTree(Path directory) throws InterruptedException {
        Path existing = directory;
        while (existing != null && !Files.isDirectory(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return "";
        }
        try {
            Process git = new ProcessBuilder("git", "-C", existing.toString(), "rev-parse", "--show-toplevel")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String top = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return git.waitFor(60, TimeUnit.SECONDS) && git.exitValue() == 0 ? top : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** An argument as a shell would need it. */
    private static String quoted(String arg) {
        return arg.matches("[A-Za-z0-9_./:=@,+%-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }

    private String display(String text) {
        return text.replace(root.toString(), shown);
    }

    record Captured(int exit, String out, String err) {
    }

    /** Main.run with this thread's stdout and stderr captured (the commands and exec's child print there). */
    private static Captured capture(String... args) {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            exit = Main.run(args);
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
        return new Captured(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static boolean isEmpty(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        }
    }

    /** The sample order service: its history, its policy and the reports its build leaves. */
    record SampleRepository(String base, List<String> commits) {
        private static final String MARIA = "Maria Garcia <maria.garcia@shop.example>";
        private static final String TOM = "Tom Baker <tom.baker@shop.example>";
        private static final String CLAUDE = "claude[bot] <209825114+claude[bot]@users.noreply.github.com>";
        private static final String DEVIN = "devin-ai-integration[bot] <158243242+devin-ai-integration[bot]@users.noreply.github.com>";
        private static final String AIDER = "Tom Baker (aider) <tom.baker@shop.example>";

        static SampleRepository create(Path repo, Path keys) throws IOException, InterruptedException {
            Git git = new Git(repo);
            git.run("init", "-q", "-b", "main");
            StringBuilder signers = new StringBuilder();
            for (String[] reviewer : new String[][] {{"alice", "alice@shop.example"}, {"bob", "bob@shop.example"},
                    {"maria", "maria.garcia@shop.example"}}) {
                signers.append(reviewer[1]).append(' ').append(sshKey(keys.resolve(reviewer[0]), reviewer[1])).append('\n');
            }
            write(repo, ".aigov/allowed_signers", signers.toString());
            List<String> log = new ArrayList<>();
            write(repo, ".gitignore", "target/\n");
            write(repo, "README.md", "# Order service\n\nTakes orders, checks logins, talks to the payment provider.\n");
            write(repo, "pom.xml", pom("2.17.2"));
            write(repo, "src/main/java/shop/OrderService.java", java("shop", "OrderService", "orders"));
            write(repo, "src/main/java/shop/auth/LoginController.java", java("shop.auth", "LoginController", "login"));
            write(repo, ".github/workflows/ci.yml", "name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n"
                    + "    steps:\n      - uses: actions/checkout@v4\n      - run: ./mvnw verify\n");
            write(repo, ".aigov/policy.yaml", """
                    # The service's governance policy: the built-in rules and evidence, with this team's reviewers,
                    # whose SSH keys are in allowed_signers beside this file.
                    version: 1
                    approval:
                      architectsGroup: architects
                      allowedSigners: allowed_signers
                      groups:
                        security-reviewers: [alice@shop.example, bob@shop.example, maria.garcia@shop.example]
                        architects: [bob@shop.example]
                    """);
            git.commit(MARIA, MARIA, "Initial order service", log);
            git.run("tag", "v1.0");
            // What the team has pushed: origin/main at v1.0, the upstream of main (the trusted base of the review).
            // Only configuration: nothing is fetched from or pushed to this address.
            git.run("remote", "add", "origin", "https://git.shop.example/shop/order-service.git");
            git.run("update-ref", "refs/remotes/origin/main", "HEAD");
            git.run("branch", "--set-upstream-to=origin/main", "main");

            write(repo, "src/main/java/shop/auth/TokenRefresher.java", java("shop.auth", "TokenRefresher", "refresh"));
            write(repo, "src/main/java/shop/auth/LoginController.java", java("shop.auth", "LoginController", "login with refresh"));
            git.commit(CLAUDE, CLAUDE, "Refresh access tokens before they expire\n\n"
                    + "🤖 Generated with [Claude Code](https://claude.com/claude-code)\n", log);

            write(repo, "src/main/java/shop/OrderCache.java", java("shop", "OrderCache", "cache"));
            write(repo, "src/main/java/shop/OrderService.java", java("shop", "OrderService", "cached orders"));
            git.commit(MARIA, MARIA, "Cache order lookups\n\nCo-authored-by: Cursor Agent <cursoragent@cursor.com>\n", log);

            write(repo, ".github/workflows/ci.yml", "name: ci\non: [push, pull_request]\njobs:\n  test:\n"
                    + "    runs-on: ubuntu-latest\n    strategy:\n      matrix: {java: [21, 25]}\n"
                    + "    steps:\n      - uses: actions/checkout@v4\n      - run: ./mvnw verify\n");
            git.commit(DEVIN, DEVIN, "ci: test on Java 21 and 25\n", log);

            write(repo, "pom.xml", pom("2.18.2"));
            git.commit(TOM, TOM, "Upgrade Jackson to 2.18.2\n\n"
                    + "Co-authored-by: Copilot <175728472+Copilot@users.noreply.github.com>\n", log);

            write(repo, "README.md", "# Order service\n\nTakes orders, checks logins, talks to the payment provider.\n\n"
                    + "## API\n\n`GET /orders/{id}`, `POST /orders`.\n");
            git.commit(TOM, TOM, "Document the order API\n", log);

            // The agent's side branch: a payment client with a cloud key committed in its configuration.
            git.run("checkout", "-q", "-b", "agent/payment-client");
            write(repo, "src/main/java/shop/payment/PaymentClient.java", java("shop.payment", "PaymentClient", "pay"));
            write(repo, "src/main/resources/application.properties",
                    "payment.endpoint=https://payments.example/v1\npayment.aws.accessKeyId=" + "AKIA" + "J7QW2ZC4XK5RT3VB" + "\n");
            git.commit(AIDER, AIDER, "Add the payment provider client\n", log);
            git.run("checkout", "-q", "main");

            writeReports(repo);
            return new SampleRepository("v1.0", log);
        }

        private static void writeReports(Path repo) throws IOException {
            StringBuilder jacoco = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<report name=\"order-service\">\n");
            for (String[] file : new String[][] {{"shop", "OrderService.java"}, {"shop", "OrderCache.java"},
                    {"shop/auth", "LoginController.java"}, {"shop/auth", "TokenRefresher.java"},
                    {"shop/payment", "PaymentClient.java"}}) {
                jacoco.append("  <package name=\"").append(file[0]).append("\"><sourcefile name=\"").append(file[1])
                        .append("\"><counter type=\"LINE\" missed=\"1\" covered=\"11\"/></sourcefile></package>\n");
            }
            write(repo, "target/site/jacoco/jacoco.xml", jacoco.append("</report>\n").toString());
            write(repo, "target/spotbugs.sarif", """
                    {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "SpotBugs", "rules": [{"id": "EI_EXPOSE_REP"}]}},
                      "results": [{"ruleId": "EI_EXPOSE_REP", "level": "note", "message": {"text": "may expose internal representation"},
                        "locations": [{"physicalLocation": {"artifactLocation": {"uri": "src/main/java/shop/OrderCache.java"},
                          "region": {"startLine": 5}}}]}]}]}
                    """);
            write(repo, "target/bom.json", """
                    {"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
                     "components": [{"bom-ref": "jackson-databind", "type": "library", "group": "com.fasterxml.jackson.core",
                       "name": "jackson-databind", "version": "2.18.2", "purl": "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.18.2"}],
                     "vulnerabilities": [{"id": "CVE-2099-0001", "ratings": [{"severity": "low"}],
                       "affects": [{"ref": "jackson-databind"}]}]}
                    """);
        }

        /** A reviewer's Ed25519 key pair made by ssh-keygen; returns the public key line. */
        private static String sshKey(Path key, String comment) throws IOException, InterruptedException {
            Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", key.toString())
                    .redirectErrorStream(true).start();
            p.getOutputStream().close();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("ssh-keygen failed: " + output.strip());
            }
            return Files.readString(key.resolveSibling(key.getFileName() + ".pub"), StandardCharsets.UTF_8).strip();
        }

        private static String java(String pkg, String name, String what) {
            return "package " + pkg + ";\n\n/** " + what + " */\npublic final class " + name + " {\n"
                    + "    public String describe() {\n        return \"" + what + "\";\n    }\n}\n";
        }

        private static String pom(String jackson) {
            return "<project>\n  <modelVersion>4.0.0</modelVersion>\n  <groupId>shop</groupId>\n"
                    + "  <artifactId>order-service</artifactId>\n  <version>1.0.0</version>\n  <dependencies>\n"
                    + "    <dependency><groupId>com.fasterxml.jackson.core</groupId><artifactId>jackson-databind</artifactId>"
                    + "<version>" + jackson + "</version></dependency>\n  </dependencies>\n</project>\n";
        }

        private static void write(Path repo, String path, String text) throws IOException {
            Path file = repo.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        }
    }

    /** git in the sample repository, with fixed identities and dates and no user configuration. */
    private static final class Git {
        private final Path repo;
        private int clock;

        Git(Path repo) {
            this.repo = repo;
        }

        void run(String... args) throws IOException, InterruptedException {
            run(Map.of(), args);
        }

        void run(Map<String, String> env, String... args) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of("git", "-C", repo.toString(), "-c", "commit.gpgsign=false",
                    "-c", "core.hooksPath=/dev/null", "-c", "user.name=aigov demo", "-c", "user.email=demo@aigov.invalid"));
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(env);
            builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
            Process git = builder.start();
            String output = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!git.waitFor(60, TimeUnit.SECONDS) || git.exitValue() != 0) {
                throw new IOException("git " + String.join(" ", args) + " failed: " + output.strip());
            }
        }

        String commit(String author, String committer, String message, List<String> log) throws IOException, InterruptedException {
            String date = "2026-03-0" + (2 + clock / 4) + "T" + (9 + clock % 4 * 2) + ":00:00Z";
            clock++;
            run(Map.of("GIT_AUTHOR_NAME", name(author), "GIT_AUTHOR_EMAIL", email(author), "GIT_AUTHOR_DATE", date,
                    "GIT_COMMITTER_NAME", name(committer), "GIT_COMMITTER_EMAIL", email(committer), "GIT_COMMITTER_DATE", date),
                    "add", "-A");
            run(Map.of("GIT_AUTHOR_NAME", name(author), "GIT_AUTHOR_EMAIL", email(author), "GIT_AUTHOR_DATE", date,
                    "GIT_COMMITTER_NAME", name(committer), "GIT_COMMITTER_EMAIL", email(committer), "GIT_COMMITTER_DATE", date),
                    "commit", "-q", "-m", message);
            Process head = new ProcessBuilder("git", "-C", repo.toString(), "rev-parse", "HEAD").start();
            String id = new String(head.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            head.waitFor(60, TimeUnit.SECONDS);
            log.add(id.substring(0, 10) + "  " + String.format("%-28s", name(author)) + "  " + message.lines().findFirst().orElse(""));
            return id;
        }

        private static String name(String person) {
            return person.substring(0, person.indexOf(" <"));
        }

        private static String email(String person) {
            return person.substring(person.indexOf('<') + 1, person.length() - 1);
        }
    }
}
