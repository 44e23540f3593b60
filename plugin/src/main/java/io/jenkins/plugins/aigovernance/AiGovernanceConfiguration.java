package io.jenkins.plugins.aigovernance;

import dev.aigov.credentials.CredentialException;
import dev.aigov.credentials.CredentialProvider;
import dev.aigov.credentials.jwt.JwtIssuer;
import dev.aigov.credentials.jwt.SigningAlgorithm;
import dev.aigov.credentials.vault.VaultProviders;
import dev.aigov.policy.Durations;
import dev.aigov.policy.Limits;
import dev.aigov.policy.Policy;
import dev.aigov.policy.PolicyException;
import dev.aigov.policy.PolicyLoader;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.security.Permission;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import hudson.util.Secret;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
public final class AiGovernanceConfiguration extends GlobalConfiguration {
    private String policyYaml = "";
    private String vaultAddress = "";
    private String vaultNamespace = "";
    private String vaultAuthMethod = "";
    private String vaultRole = "";
    private Secret vaultSecret;
    private String vaultCredentialId = "";
    private String jwtIssuer = "";
    /** EdDSA (default), RS256 or ES256: cloud federation (AWS, Google Cloud, Azure) needs RS256 or ES256. */
    private String jwtAlgorithm = "";
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

    public String getVaultAddress() {
        return vaultAddress;
    }

    @DataBoundSetter
    public void setVaultAddress(String vaultAddress) {
        this.vaultAddress = trim(vaultAddress);
    }

    public String getVaultNamespace() {
        return vaultNamespace;
    }

    @DataBoundSetter
    public void setVaultNamespace(String vaultNamespace) {
        this.vaultNamespace = trim(vaultNamespace);
    }

    /** {@code approle}, {@code token} or {@code jwt} (login with the embedded issuer's token). */
    public String getVaultAuthMethod() {
        return vaultAuthMethod;
    }

    @DataBoundSetter
    public void setVaultAuthMethod(String vaultAuthMethod) {
        this.vaultAuthMethod = trim(vaultAuthMethod);
    }

    /** The AppRole role id, or the JWT auth role. */
    public String getVaultRole() {
        return vaultRole;
    }

    @DataBoundSetter
    public void setVaultRole(String vaultRole) {
        this.vaultRole = trim(vaultRole);
    }

    /** The AppRole secret id, or the token for {@code token}; stored encrypted by Jenkins. */
    public Secret getVaultSecret() {
        return vaultSecret;
    }

    @DataBoundSetter
    public void setVaultSecret(Secret vaultSecret) {
        this.vaultSecret = vaultSecret;
    }

    /**
     * The HashiCorp Vault plugin's credential to log in with (preferred over our own auth settings); the address
     * and namespace then default to that plugin's global configuration.
     */
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

    public String getJwtAlgorithm() {
        return jwtAlgorithm == null || jwtAlgorithm.isEmpty() ? "EdDSA" : jwtAlgorithm;
    }

    @DataBoundSetter
    public void setJwtAlgorithm(String jwtAlgorithm) {
        String value = trim(jwtAlgorithm);
        this.jwtAlgorithm = value.isEmpty() ? "" : SigningAlgorithm.ofJwsName(value).jwsName();
    }

    /** The algorithms the drop-down offers. */
    @POST
    public ListBoxModel doFillJwtAlgorithmItems() {
        Jenkins.get().checkPermission(getRequiredGlobalConfigPagePermission());
        ListBoxModel items = new ListBoxModel();
        for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
            items.add(algorithm.jwsName());
        }
        return items;
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

    /** The digest of the global policy's text, as the gate records it; the built-in policy's when none is set. */
    String policyDigest() {
        return policyYaml.isBlank() ? dev.aigov.policy.TrustedPolicy.builtIn().digest()
                : dev.aigov.policy.TrustedPolicy.digest(policyYaml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
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

    /**
     * The engine's providers, built afresh for each use (no live client is kept): {@code jwt}, the embedded issuer
     * with its keys under {@code $JENKINS_HOME/ai-governance/jwt} (encrypted with {@code Secret}); {@code vault}, when
     * an address or a Vault plugin credential is configured, the engine's Vault provider (Java's own HTTP client).
     */
    Map<String, CredentialProvider> providers() throws CredentialException {
        return providers(null);
    }

    /** As {@link #providers()}, looking up {@code vaultCredentialId} in the build's context. */
    Map<String, CredentialProvider> providers(hudson.model.Run<?, ?> run) throws CredentialException {
        Jenkins jenkins = Jenkins.get();
        VaultCredentialLookup lookup = vaultCredentialId.isEmpty() ? null : VaultPluginLogin.forRun(run);
        return providers(jenkins.getRootDir().toPath(), jenkins.getRootUrl(), lookup);
    }

    Map<String, CredentialProvider> providers(Path home, String rootUrl) throws CredentialException {
        return providers(home, rootUrl, null);
    }

    Map<String, CredentialProvider> providers(Path home, String rootUrl, VaultCredentialLookup lookup)
            throws CredentialException {
        Map<String, CredentialProvider> providers = new HashMap<>();
        JwtIssuer issuer = jwtIssuer(home, rootUrl);
        providers.put("jwt", issuer.provider());
        CredentialProvider vault = vaultProvider(lookup, () -> issuer);
        if (vault != null) {
            providers.put("vault", vault);
        }
        return providers;
    }

    /** A source of the embedded issuer, opened only when asked for. */
    @FunctionalInterface
    interface IssuerSource {
        JwtIssuer get() throws CredentialException;
    }

    /** The {@code vault} provider as configured, or null when none is. */
    private CredentialProvider vaultProvider(VaultCredentialLookup lookup, IssuerSource issuer)
            throws CredentialException {
        if (!vaultCredentialId.isEmpty()) {
            // Checked here so that classes of the optional Vault plugin are loaded only when they are asked for.
            String address = vaultAddress;
            String namespace = vaultNamespace;
            Map<String, String> environment;
            try {
                if (address.isEmpty()) {
                    String[] global = VaultPluginLogin.globalAddressAndNamespace();
                    address = global[0];
                    namespace = namespace.isEmpty() ? global[1] : namespace;
                }
                // The Vault plugin's own client settings apply before its credential logs in.
                Map<String, String> settings = vaultClientSettings == null ? VaultPluginLogin.globalClientSettings()
                        : vaultClientSettings.get();
                VaultProviders.checkClientSettings(settings);
                environment = new HashMap<>(VaultPluginLogin.tokenEnvironment(address, namespace, vaultCredentialId,
                        lookup));
                environment.putAll(settings);
            } catch (LinkageError notInstalled) {
                throw new CredentialException("vaultCredentialId '" + vaultCredentialId + "' needs the HashiCorp "
                        + "Vault plugin, which is not installed (or not enabled): install it, or clear "
                        + "vaultCredentialId and configure vaultAddress with the plugin's own Vault login");
            }
            return VaultProviders.fromEnvironment(environment, null);
        }
        if (!vaultAddress.isEmpty()) {
            return VaultProviders.fromEnvironment(vaultEnvironment(vaultAddress, vaultNamespace, vaultAuthMethod,
                    vaultRole, vaultSecret == null ? "" : Secret.toString(vaultSecret)),
                    "jwt".equals(vaultAuthMethod) ? issuer.get()::mintClaims : null);
        }
        return null;
    }

    /**
     * The one provider a journalled handle needs to be revoked (the reaper builds no other), in the context of the
     * run that journalled it ({@code vaultCredentialId} is looked up there); null when the build is gone.
     */
    CredentialProvider revocationProvider(String id, hudson.model.Run<?, ?> run) throws CredentialException {
        Jenkins jenkins = Jenkins.get();
        return revocationProvider(id, jenkins.getRootDir().toPath(), jenkins.getRootUrl(), credentialLookup(run));
    }

    /** Finds {@code vaultCredentialId} in the run's context; null when none is configured (no Vault plugin class). */
    VaultCredentialLookup credentialLookup(hudson.model.Run<?, ?> run) {
        return vaultCredentialId.isEmpty() ? null : VaultPluginLogin.forRun(run);
    }

    /** Revocation needs no policy: a global policy that does not load leaves the issuer's lifetime cap at 1h. */
    CredentialProvider revocationProvider(String id, Path home, String rootUrl, VaultCredentialLookup lookup)
            throws CredentialException {
        IssuerSource issuer = () -> openIssuer(home, rootUrl, issuerMaxTtl(false));
        CredentialProvider provider = switch (id) {
            case "jwt" -> issuer.get().provider();
            case "vault" -> vaultProvider(lookup, issuer);
            default -> null;
        };
        if (provider == null) {
            throw new CredentialException("no '" + id + "' credential provider is configured");
        }
        return provider;
    }

    /** The embedded issuer; its tokens never outlive the effective policy's {@code limits.maxTtl}. */
    JwtIssuer jwtIssuer(Path home, String rootUrl) throws CredentialException {
        return openIssuer(home, rootUrl, issuerMaxTtl(true));
    }

    private Duration issuerMaxTtl(boolean policyMustLoad) throws CredentialException {
        try {
            Policy policy = policy();
            return policy.limits() == null || policy.limits().maxTtl() == null ? Duration.ofHours(1)
                    : policy.limits().maxTtl();
        } catch (PolicyException e) {
            if (!policyMustLoad) {
                return Duration.ofHours(1);
            }
            throw new CredentialException("the global policy does not load: " + e.getMessage());
        }
    }

    /** The embedded issuer's key store: private keys encrypted with core's {@code Secret}. */
    static Path issuerKeys(Path home) {
        return home.resolve("ai-governance").resolve("jwt");
    }

    /** The issuer's settings; {@code maxTtl} matters only to minting. */
    JwtIssuer.Settings issuerSettings(String rootUrl, Duration maxTtl) {
        String iss = !jwtIssuer.isEmpty() ? jwtIssuer : (rootUrl == null ? "" : rootUrl) + "ai-governance";
        return new JwtIssuer.Settings(iss, maxTtl, SigningAlgorithm.ofJwsName(getJwtAlgorithm()), Clock.systemUTC());
    }

    private JwtIssuer openIssuer(Path home, String rootUrl, Duration maxTtl) throws CredentialException {
        try {
            return JwtIssuer.open(issuerKeys(home), issuerSettings(rootUrl, maxTtl), SecretKeyProtection.INSTANCE);
        } catch (IOException e) {
            throw new CredentialException("cannot open the JWT issuer's keys: " + e.getMessage(), e);
        }
    }

    /** The Vault provider's settings, named as the engine's {@code VaultProviders.fromEnvironment} reads them. */
    /** The Vault plugin's client settings; null: its global configuration's (tests give their own). */
    transient java.util.function.Supplier<Map<String, String>> vaultClientSettings;

    static Map<String, String> vaultEnvironment(String address, String namespace, String method, String role,
                                                String secret) {
        Map<String, String> env = new HashMap<>();
        env.put("VAULT_ADDR", address);
        env.put("VAULT_NAMESPACE", namespace);
        env.put("VAULT_AUTH_METHOD", method);
        switch (method) {
            case "approle" -> {
                env.put("VAULT_ROLE_ID", role);
                env.put("VAULT_SECRET_ID", secret);
            }
            case "token" -> env.put("VAULT_TOKEN", secret);
            case "jwt" -> env.put("VAULT_JWT_ROLE", role);
            default -> { }
        }
        return env;
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
        String method = json.optString("vaultAuthMethod", "").trim();
        if (!method.isEmpty() && !List.of("approle", "token", "jwt").contains(method)) {
            throw new FormException("vaultAuthMethod: must be approle, token or jwt, got '" + method + "'",
                    "vaultAuthMethod");
        }
        setVaultAddress(json.optString("vaultAddress", ""));
        setVaultNamespace(json.optString("vaultNamespace", ""));
        setVaultAuthMethod(method);
        setVaultRole(json.optString("vaultRole", ""));
        setVaultCredentialId(json.optString("vaultCredentialId", ""));
        if (json.has("vaultSecret")) {
            // The password field posts the encrypted form back unchanged, or a new clear value: fromString takes both.
            setVaultSecret(Secret.fromString(json.optString("vaultSecret", "")));
        }
        setJwtIssuer(json.optString("jwtIssuer", ""));
        try {
            setJwtAlgorithm(json.optString("jwtAlgorithm", ""));
        } catch (IllegalArgumentException e) {
            throw new FormException(e.getMessage(), "jwtAlgorithm");
        }
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

    /**
     * The page holds the trust root (the policy) and how credentials are obtained, so it needs Overall/Administer,
     * and every form method checks that same permission (never a weaker one).
     */
    @Override
    public Permission getRequiredGlobalConfigPagePermission() {
        return Jenkins.ADMINISTER;
    }

    @POST
    public FormValidation doCheckPolicyYaml(@QueryParameter String value) {
        Jenkins.get().checkPermission(getRequiredGlobalConfigPagePermission());
        String problem = policyProblem(value);
        return problem == null ? FormValidation.ok() : FormValidation.error(problem);
    }

    /** The HashiCorp Vault plugin's credentials, for the {@code vaultCredentialId} drop-down; empty without it. */
    @POST
    public ListBoxModel doFillVaultCredentialIdItems(@QueryParameter String vaultCredentialId) {
        Jenkins jenkins = Jenkins.get();
        boolean mayList = jenkins.hasPermission(getRequiredGlobalConfigPagePermission());
        try {
            // Every reference to the credentials and Vault plugins' types stays in that class (an optional dependency).
            return VaultCredentialItems.of(mayList ? jenkins : null, vaultCredentialId);
        } catch (LinkageError vaultPluginNotInstalled) {
            ListBoxModel items = new ListBoxModel();
            if (vaultCredentialId != null && !vaultCredentialId.isEmpty()) {
                items.add(vaultCredentialId);
            }
            return items;
        }
    }
}
