package io.jenkins.plugins.aigovernance;

import dev.aigov.credentials.CredentialException;
import hudson.Extension;
import hudson.model.UnprotectedRootAction;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import jenkins.model.Jenkins;
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
