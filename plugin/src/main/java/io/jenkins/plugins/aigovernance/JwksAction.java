package io.jenkins.plugins.aigovernance;

import dev.aigov.credentials.CredentialException;
import hudson.Extension;
import hudson.model.UnprotectedRootAction;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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
        try {
            JwtIssuer issuer = AiGovernanceConfiguration.get().jwtIssuer(jenkins.getRootDir().toPath(), jenkins.getRootUrl());
            return issuer.discovery(jwksUri(issuer.settings().issuer()));
        } catch (CredentialException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The issuer's JWKS address: {@code <issuer>/jwks}, where this action serves it. */
    static String jwksUri(String issuer) {
        return (issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer) + "/jwks";
    }

    /** The embedded issuer's public keys only (current and recently retired). */
    static String jwksJson() throws IOException {
        Jenkins jenkins = Jenkins.get();
        try {
            return AiGovernanceConfiguration.get().jwtIssuer(jenkins.getRootDir().toPath(), jenkins.getRootUrl()).jwks();
        } catch (CredentialException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
