package io.jenkins.plugins.aigovernance;

import dev.aigov.build.BuildRef;
import dev.aigov.credentials.CredentialException;
import dev.aigov.credentials.CredentialProvider;
import dev.aigov.policy.Policy;
import dev.aigov.policy.PolicyException;
import dev.aigov.policy.PolicyLoader;
import dev.aigov.provenance.TestRepo;
import hudson.model.TaskListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * A build for the step tests: real directories, a real policy from YAML, the build's action and console.
 * Found again by name after a serialization round trip, as Pipeline finds the run from the context.
 */
final class TestScope implements BuildScope {
    static final String POLICY = """
            version: 1
            identities:
              agent:  {provider: jwt, audience: "https://agent.example", ttl: 15m}
              deploy: {provider: jwt, audience: "https://deploy.example", ttl: 10m, requiresApproval: true}
            limits: {maxTtl: 1h}
            approval:
              agents: ["claude[bot]"]
            evidence: {}
            """;

    private static final Map<String, TestScope> SCOPES = new ConcurrentHashMap<>();

    static {
        // The steps' executions run on the controller.
        jenkins.util.ControllerJvm.set(true);
    }

    final String name;
    final Path home;
    final Path buildDir;
    final TestProvider provider;
    /** Real engine providers by id, e.g. the Vault provider against the Vault double. */
    final Map<String, CredentialProvider> others = new ConcurrentHashMap<>();
    final GovernanceAction action = new GovernanceAction();
    final ByteArrayOutputStream console = new ByteArrayOutputStream();
    final PrintStream log = new PrintStream(console, true, StandardCharsets.UTF_8);
    String policyYaml = POLICY;
    /** The step-level policy file's content (the workspace's, which the change under review controls). */
    String workspacePolicyYaml;
    /** When set, the providers as the global configuration builds them (instead of {@link #others}). */
    ProvidersSource providersFrom;
    Path repository;
    String triggeredBy = "starter";
    /** The build's environment (CHANGE_TARGET, GIT_PREVIOUS_SUCCESSFUL_COMMIT, ...). */
    final Map<String, String> environment = new java.util.HashMap<>();
    /** The workspace HEAD when there is no repository. */
    String head = "";
    int saves;

    TestScope(String name, Path root) {
        this.name = name;
        this.home = root.resolve("jenkins-home");
        this.buildDir = home.resolve("jobs").resolve(name).resolve("builds").resolve("1");
        this.provider = new TestProvider(home.resolve("ai-governance").resolve("jwt"));
        SCOPES.put(name, this);
    }

    /**
     * A scope whose repository holds one human commit tagged {@code base} and one AI-attributed commit after it,
     * under a policy that asks N approvals of any AI change: the paused gate most tests start from.
     */
    static TestScope oneAiCommit(String name, Path root, int approvals) throws Exception {
        TestScope scope = new TestScope(name, root);
        scope.policyYaml = """
                version: 1
                rules:
                  - when: {aiAttributed: true}
                    require: {approvals: %d}
                evidence: {}
                """.formatted(approvals);
        scope.repository = root.resolve("repo-" + name);
        TestRepo repo = TestRepo.init(scope.repository);
        repo.commit().file("README.md", "hi\n").message("initial").create();
        repo.git("tag", "base");
        repo.commit().file("src/App.java", "class App {}\n")
                .message("Add app\n\nCo-authored-by: Claude <noreply@anthropic.com>\n").create();
        return scope;
    }

    /** The serializable factory the executions hold, resolving to this scope by name. */
    BuildScope.Factory factory() {
        return new Factory(name);
    }

    record Factory(String name) implements BuildScope.Factory {
        @Override
        public BuildScope of(StepContext context) {
            return SCOPES.get(name);
        }
    }

    String console() {
        return console.toString(StandardCharsets.UTF_8);
    }

    @Override
    public BuildRef build() {
        return new BuildRef(name, "1", "http://127.0.0.1:8080/job/" + name + "/1/", triggeredBy);
    }

    @Override
    public String runId() {
        return name + "#1";
    }

    @Override
    public Path buildDir() {
        return buildDir;
    }

    @Override
    public Path controllerDir() {
        return home;
    }

    @Override
    public Policy policy() throws PolicyException {
        return PolicyLoader.parse(policyYaml, "test-policy.yaml");
    }

    @Override
    public String policyDigest() {
        return dev.aigov.policy.TrustedPolicy.digest(policyYaml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public Map<String, CredentialProvider> providers() throws CredentialException {
        if (providersFrom != null) {
            return providersFrom.get();
        }
        Map<String, CredentialProvider> providers = new java.util.HashMap<>(others);
        providers.put(provider.id(), provider);
        return providers;
    }

    @Override
    public Policy workspacePolicy(String path) throws PolicyException {
        return PolicyLoader.parse(workspacePolicyYaml == null ? policyYaml : workspacePolicyYaml, path);
    }

    /** The workspace the steps read files from (a declared prompt). */
    Path workspace;

    @Override
    public byte[] workspaceFile(String path, String step) throws IOException {
        return new WorkspaceFile(path, step).invoke(workspace.toFile(), null);
    }

    @Override
    public CommitsJson.Changes changes(String range, String trustedRange, Map<String, String> reportPatterns,
                                       boolean commitPatches) throws IOException {
        // What the agent-side callable returns, through the same JSON trip.
        return CommitsJson.read(new WorkspaceChanges(range, trustedRange, reportPatterns, commitPatches)
                .invoke(repository.toFile(), null));
    }

    @Override
    public Map<String, String> environment() {
        return environment;
    }

    @Override
    public String workspaceHead() {
        return repository == null ? head : WorkspaceHead.of(repository.toFile());
    }

    /** Jenkins' root URL, or null when none is configured. */
    String rootUrl = "http://127.0.0.1:8080/";
    /** The flow node's pause marks, in order: true when paused, false when the pause ended. */
    final List<Boolean> pauses = new java.util.ArrayList<>();

    @Override
    public String approvalPageUrl() {
        String page = "job/" + name + "/1/" + GovernanceAction.URL_NAME + "/";
        return rootUrl == null ? "/" + page : rootUrl + page;
    }

    @Override
    public String consoleLink(String url, String text) {
        return "<a href='" + url + "'>" + text + "</a>";
    }

    @Override
    public void paused(boolean paused) {
        pauses.add(paused);
    }

    @Override
    public List<String> defaultReviewerGroups() {
        return List.of();
    }

    @Override
    public GovernanceAction action() {
        return action;
    }

    @Override
    public void save() throws IOException {
        saves++;
    }

    final List<Runnable> scheduled = new java.util.ArrayList<>();

    @Override
    public void schedule(Runnable task, java.time.Duration delay) {
        scheduled.add(task);
    }

    @Override
    public TaskListener listener() {
        return () -> log;
    }

    interface ProvidersSource {
        Map<String, CredentialProvider> get() throws CredentialException;
    }
}
