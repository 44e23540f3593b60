package io.jenkins.plugins.aigovernance;

import dev.aigov.credentials.jwt.JwtIssuer;
import hudson.Extension;
import hudson.model.UnprotectedRootAction;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import jenkins.model.Jenkins;
import dev.aigov.credentials.jwt.JwtIssuer;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * {@code <jenkins>/ai-governance/jwks}: the embedded JWT issuer's public keys, readable without signing in so
 * that the services the tokens are meant for can verify them.
 */
@Extension
public final class JwksAction implements UnprotectedRootAction {
    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return "AI Governance JWKS";
    }

    @Override
    public String getUrlName() {
        return GovernanceAction.URL_NAME;
    }

    public void doJwks(StaplerResponse2 rsp) throws IOException {
        rsp.setContentType("application/jwk-set+json;charset=UTF-8");
        rsp.setHeader("Cache-Control", "max-age=300");
        try (OutputStream out = rsp.getOutputStream()) {
            out.write(jwksJson().getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * {@code <jenkins>/ai-governance/.well-known/openid-configuration}: the OpenID Connect discovery document next to
     * the JWKS (the shape oidc-provider serves), so AWS, Google Cloud and Azure federation can trust the issuer.
     * Anything else under this action is 404.
     */
    public void doDynamic(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        if (!WELL_KNOWN.equals(req.getRestOfPath())) {
            rsp.sendError(404);
            return;
        }
        rsp.setContentType("application/json;charset=UTF-8");
        rsp.setHeader("Cache-Control", "max-age=300");
        try (OutputStream out = rsp.getOutputStream()) {
            out.write(discoveryJson().getBytes(StandardCharsets.UTF_8));
        }
    }

    static final String WELL_KNOWN = "/.well-known/openid-configuration";

    static String discoveryJson() throws IOException {
        Jenkins jenkins = Jenkins.get();
        return discoveryJson(jenkins.getRootDir().toPath(), jenkins.getRootUrl(), AiGovernanceConfiguration.get());
    }

    /** As the JWKS: read from the key store as it is, never creating a key nor parsing the policy. */
    static String discoveryJson(Path home, String rootUrl, AiGovernanceConfiguration config) throws IOException {
        JwtIssuer.Settings settings = config.issuerSettings(rootUrl, java.time.Duration.ofHours(1));
        return JwtIssuer.publishedDiscovery(AiGovernanceConfiguration.issuerKeys(home), SecretKeyProtection.INSTANCE,
                settings, jwksUri(settings.issuer()));
    }

    /** The issuer's JWKS address: {@code <issuer>/jwks}, where this action serves it. */
    static String jwksUri(String issuer) {
        return (issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer) + "/jwks";
    }

    /** The embedded issuer's public keys only (current and recently retired). */
    static String jwksJson() throws IOException {
        return jwksJson(Jenkins.get().getRootDir().toPath());
    }

    /**
     * Served to callers who are not signed in: reads the key store as it is. It never creates the store or a key,
     * nor parses the policy (an empty set until the first credential is issued).
     */
    static String jwksJson(Path home) throws IOException {
        return JwtIssuer.publishedJwks(AiGovernanceConfiguration.issuerKeys(home), SecretKeyProtection.INSTANCE,
                Clock.systemUTC());
    }
}
