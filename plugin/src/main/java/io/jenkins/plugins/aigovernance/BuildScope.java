package io.jenkins.plugins.aigovernance;

import dev.aigov.build.BuildRef;
import dev.aigov.credentials.CredentialException;
import dev.aigov.credentials.CredentialProvider;
import dev.aigov.credentials.LeaseJournal;
import dev.aigov.policy.Policy;
import dev.aigov.policy.PolicyException;
import hudson.model.TaskListener;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * What a step needs from the build it runs in, looked up afresh from the {@link StepContext} whenever needed
 * (never kept in a field: Pipeline serializes executions and callbacks). The Jenkins implementation is
 * {@link JenkinsBuildScope}; tests supply a plain one.
 */
interface BuildScope {
    BuildRef build();

    /** A stable id for the run ({@code job#number}), also the key of pending gates and lease journals. */
    String runId();

    Path buildDir();

    /** The controller's home directory: the journal registry lives there. */
    Path controllerDir();

    Policy policy() throws PolicyException;

    /** The digest of the global policy's text as configured ({@code sha256:…}; the built-in policy's when none is). */
    String policyDigest();

    /** The engine's credential providers by policy {@code provider:} id, created for this use. */
    Map<String, CredentialProvider> providers() throws CredentialException;

    /** A policy file from the workspace (the step's {@code policy:} parameter). */
    Policy workspacePolicy(String path) throws IOException, InterruptedException, PolicyException;

    /** The bytes of a file in the workspace (a declared prompt), read where the workspace is. */
    byte[] workspaceFile(String path, String step) throws IOException, InterruptedException;

    /** The commits under review (newest first), their diff and the evidence reports the step names. */
    default CommitsJson.Changes changes(String range, String trustedRange, Map<String, String> reportPatterns)
            throws IOException, InterruptedException {
        return changes(range, trustedRange, reportPatterns, true);
    }

    /** @param commitPatches whether to read every commit's patch too (for the per-commit secret scan) */
    CommitsJson.Changes changes(String range, String trustedRange, Map<String, String> reportPatterns,
                                boolean commitPatches) throws IOException, InterruptedException;

    /** The build's environment (the CI facts a trusted range is derived from: CHANGE_TARGET, GIT_PREVIOUS_SUCCESSFUL_COMMIT). */
    Map<String, String> environment() throws IOException, InterruptedException;

    /** The commit the workspace's checkout is at now, or empty without a workspace or a git checkout. */
    String workspaceHead() throws IOException, InterruptedException;

    /**
     * The build's approval page: absolute when Jenkins' root URL is set, else relative to the server
     * ({@code /job/...}).
     */
    String approvalPageUrl();

    /** A console line fragment linking {@code text} to {@code url} (a console note in Jenkins). */
    String consoleLink(String url, String text);

    /**
     * Marks the step's flow node as paused for input (Stage View and Blue Ocean show it, as for {@code input}),
     * or ends that pause.
     */
    void paused(boolean paused) throws IOException, InterruptedException;

    /** Reviewer groups for a rule that names none (global configuration). */
    List<String> defaultReviewerGroups();

    /** The build's governance action, attached on first use. */
    GovernanceAction action();

    /** Persists the build's actions (approval state, credential counts). */
    void save() throws IOException;

    TaskListener listener();

    /** Runs the task once after the delay (the approval timeout), on a background thread. */
    void schedule(Runnable task, java.time.Duration delay);

    default JournalRegistry journals() {
        return new JournalRegistry(controllerDir().resolve("ai-governance").resolve("journals"), controllerDir());
    }

    /** The build's lease journal: handles only, fsynced before a secret is handed out. */
    default LeaseJournal journal() {
        return new LeaseJournal(buildDir().resolve("ai-governance").resolve("leases.jsonl"));
    }

    /** Finds the scope for a step's context; serializable so executions and callbacks can hold it. */
    @FunctionalInterface
    interface Factory extends Serializable {
        BuildScope of(StepContext context) throws IOException, InterruptedException;
    }
}
