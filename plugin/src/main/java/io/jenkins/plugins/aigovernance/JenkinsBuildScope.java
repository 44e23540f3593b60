package io.jenkins.plugins.aigovernance;

import dev.aigov.build.BuildRef;
import dev.aigov.credentials.CredentialException;
import dev.aigov.credentials.CredentialProvider;
import dev.aigov.policy.PolicyLoader;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.console.HyperlinkNote;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.support.actions.PauseAction;
import hudson.FilePath;
import dev.aigov.policy.Policy;
import dev.aigov.policy.PolicyException;
import hudson.model.Cause;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/** {@link BuildScope} over a real Jenkins run. */
final class JenkinsBuildScope implements BuildScope {
    /** The production factory: a stateless singleton, serializable as an enum constant. */
    enum Factory implements BuildScope.Factory {
        INSTANCE;

        @Override
        public BuildScope of(StepContext context) throws IOException, InterruptedException {
            Run<?, ?> run = context.get(Run.class);
            TaskListener listener = context.get(TaskListener.class);
            if (run == null || listener == null) {
                throw new IOException("this step needs a build and its console");
            }
            return new JenkinsBuildScope(run, listener, context);
        }
    }

    private final Run<?, ?> run;
    private final TaskListener listener;
    private final StepContext context;

    JenkinsBuildScope(Run<?, ?> run, TaskListener listener, StepContext context) {
        this.run = run;
        this.listener = listener;
        this.context = context;
    }

    @Override
    public BuildRef build() {
        Cause.UserIdCause cause = run.getCause(Cause.UserIdCause.class);
        String root = Jenkins.get().getRootUrl();
        return new BuildRef(run.getParent().getFullName(), Integer.toString(run.getNumber()),
                root == null ? "" : root + run.getUrl(), cause == null ? "" : cause.getUserId());
    }

    @Override
    public String runId() {
        return run.getExternalizableId();
    }

    @Override
    public Path buildDir() {
        return run.getRootDir().toPath();
    }

    @Override
    public Path controllerDir() {
        return Jenkins.get().getRootDir().toPath();
    }

    @Override
    public Policy policy() throws PolicyException {
        return AiGovernanceConfiguration.get().policy();
    }

    @Override
    public String policyDigest() {
        return AiGovernanceConfiguration.get().policyDigest();
    }

    @Override
    public Map<String, CredentialProvider> providers() throws CredentialException {
        return AiGovernanceConfiguration.get().providers(run);
    }

    @Override
    public Policy workspacePolicy(String path) throws IOException, InterruptedException, PolicyException {
        FilePath workspace = context.get(FilePath.class);
        if (workspace == null) {
            throw new AbortException("aiGovernanceGate: policy '" + path + "' needs a workspace (run it inside node)");
        }
        FilePath file = workspace.child(path);
        if (!file.exists()) {
            throw new AbortException("aiGovernanceGate: policy file " + path + " not found in the workspace");
        }
        return PolicyLoader.parse(file.readToString(), path);
    }

    @Override
    public byte[] workspaceFile(String path, String step) throws IOException, InterruptedException {
        FilePath workspace = context.get(FilePath.class);
        if (workspace == null) {
            throw new AbortException(step + ": " + path + " needs a workspace (run it inside node)");
        }
        return workspace.act(new WorkspaceFile(path, step));
    }

    @Override
    public CommitsJson.Changes changes(String range, String trustedRange, Map<String, String> reportPatterns,
                                       boolean commitPatches) throws IOException, InterruptedException {
        FilePath workspace = context.get(FilePath.class);
        if (workspace == null) {
            // The build's change sets would serve here; they need the SCM API, not linked yet.
            throw new AbortException("aiGovernanceGate: needs a workspace with the git checkout (run it inside node)");
        }
        return CommitsJson.readFromAgent(workspace.act(new WorkspaceChanges(range, trustedRange, reportPatterns,
                        commitPatches)),
                WorkspaceChanges.MAX_RESPONSE_CHARS);
    }

    @Override
    public Map<String, String> environment() throws IOException, InterruptedException {
        EnvVars env = context.get(EnvVars.class);
        return env == null ? Map.of() : env;
    }

    @Override
    public String workspaceHead() throws IOException, InterruptedException {
        FilePath workspace = context.get(FilePath.class);
        if (workspace == null) {
            return "";
        }
        String head = workspace.act(new WorkspaceHead());
        // What an agent sends back is checked before use: a commit id, nothing else.
        return head != null && head.matches("[0-9a-f]{40}|[0-9a-f]{64}") ? head : "";
    }

    @Override
    public String approvalPageUrl() {
        String root = Jenkins.get().getRootUrl();
        String page = run.getUrl() + GovernanceAction.URL_NAME + "/";
        return root == null || root.isEmpty() ? "/" + page : root + page;
    }

    @Override
    public String consoleLink(String url, String text) {
        return HyperlinkNote.encodeTo(url, text);
    }

    @Override
    public void paused(boolean paused) throws IOException, InterruptedException {
        FlowNode node = context.get(FlowNode.class);
        if (node == null) {
            return;
        }
        if (paused) {
            node.addAction(new PauseAction("AI governance approval"));
        } else {
            PauseAction.endCurrentPause(node);
        }
    }

    @Override
    public List<String> defaultReviewerGroups() {
        return AiGovernanceConfiguration.get().reviewerGroupList();
    }

    @Override
    public GovernanceAction action() {
        synchronized (run) {
            GovernanceAction action = run.getAction(GovernanceAction.class);
            if (action == null) {
                action = new GovernanceAction();
                run.addAction(action);
            }
            return action;
        }
    }

    @Override
    public void save() throws IOException {
        run.save();
    }

    @Override
    public void schedule(Runnable task, java.time.Duration delay) {
        jenkins.util.Timer.get().schedule(task, delay.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @Override
    public TaskListener listener() {
        return listener;
    }
}
