package io.jenkins.plugins.aigovernance;

import dev.aigov.credentials.CredentialException;
import dev.aigov.policy.Durations;
import dev.aigov.policy.Limits;
import dev.aigov.policy.Policy;
import dev.aigov.policy.PolicyException;
import dev.aigov.policy.PolicyLoader;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.util.FormValidation;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * Manage Jenkins » AI Governance, and {@code unclassified: aiGovernance:} in Configuration as Code: the policy,
 * where credentials come from, who reviews, and the controller's cap on credential lifetimes.
 */
@Extension
@Symbol("aiGovernance")
public class AiGovernanceConfiguration extends GlobalConfiguration {
    private String policyYaml = "";
    private String vaultCredentialId = "";
    private String jwtIssuer = "";
    private String reviewerGroups = "";
    private String maxTtl = "";

    public AiGovernanceConfiguration() {
        load();
    }

    /** For tests: a configuration not read from disk. */
    AiGovernanceConfiguration(boolean loadSaved) {
        if (loadSaved) {
            load();
        }
    }

    public static AiGovernanceConfiguration get() {
        return ExtensionList.lookupSingleton(AiGovernanceConfiguration.class);
    }

    @Override
    public String getDisplayName() {
        return "AI Governance";
    }

    public String getPolicyYaml() {
        return policyYaml;
    }

    @DataBoundSetter
    public void setPolicyYaml(String policyYaml) {
        this.policyYaml = policyYaml == null ? "" : policyYaml;
    }

    public String getVaultCredentialId() {
        return vaultCredentialId;
    }

    @DataBoundSetter
    public void setVaultCredentialId(String vaultCredentialId) {
        this.vaultCredentialId = trim(vaultCredentialId);
    }

    public String getJwtIssuer() {
        return jwtIssuer;
    }

    @DataBoundSetter
    public void setJwtIssuer(String jwtIssuer) {
        this.jwtIssuer = trim(jwtIssuer);
    }

    public String getReviewerGroups() {
        return reviewerGroups;
    }

    @DataBoundSetter
    public void setReviewerGroups(String reviewerGroups) {
        this.reviewerGroups = trim(reviewerGroups);
    }

    public String getMaxTtl() {
        return maxTtl;
    }

    @DataBoundSetter
    public void setMaxTtl(String maxTtl) {
        this.maxTtl = trim(maxTtl);
    }

    private static String trim(String value) {
        return value == null ? "" : value.trim();
    }

    List<String> reviewerGroupList() {
        return Arrays.stream(reviewerGroups.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
    }

    /** The effective policy: the configured YAML (or the built-in default), capped by {@link #getMaxTtl()}. */
    Policy policy() throws PolicyException {
        Policy policy = policyYaml.isBlank() ? PolicyLoader.builtIn() : PolicyLoader.parse(policyYaml, "global policy");
        Duration cap = Durations.parse(maxTtl).orElse(null);
        Duration own = policy.limits() == null ? null : policy.limits().maxTtl();
        if (cap == null || own != null && own.compareTo(cap) <= 0) {
            return policy;
        }
        return new Policy(policy.version(), policy.source(), policy.attribution(), policy.categories(), policy.rules(),
                policy.evidence(), policy.identities(), new Limits(cap), policy.approval());
    }

    /** Where credentials come from. Seam: the engine's providers are wired here as they land. */
    IdentityIssuer.Providers providers() {
        return id -> {
            throw new CredentialException("no '" + id + "' credential provider in this engine build yet");
        };
    }

    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        bind(json);
        save();
        return true;
    }

    /** Applies the submitted form, refusing a policy or TTL that would not load. */
    void bind(JSONObject json) throws FormException {
        String yaml = json.optString("policyYaml", "");
        String problem = policyProblem(yaml);
        if (problem != null) {
            throw new FormException(problem, "policyYaml");
        }
        String ttl = json.optString("maxTtl", "").trim();
        if (!ttl.isEmpty() && Durations.parse(ttl).isEmpty()) {
            throw new FormException("maxTtl: '" + ttl + "' is not a duration like 15m or 1h", "maxTtl");
        }
        setPolicyYaml(yaml);
        setVaultCredentialId(json.optString("vaultCredentialId", ""));
        setJwtIssuer(json.optString("jwtIssuer", ""));
        setReviewerGroups(json.optString("reviewerGroups", ""));
        setMaxTtl(ttl);
    }

    /** The loader's located error (line, column, field) for the YAML, or null when it loads. */
    static String policyProblem(String yaml) {
        if (yaml == null || yaml.isBlank()) {
            return null;
        }
        try {
            PolicyLoader.parse(yaml, "global policy");
            return null;
        } catch (PolicyException e) {
            return e.getMessage();
        }
    }

    @POST
    public FormValidation doCheckPolicyYaml(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.MANAGE);
        String problem = policyProblem(value);
        return problem == null ? FormValidation.ok() : FormValidation.error(problem);
    }
}
