package dev.aigov.risk;

import dev.aigov.policy.PolicyLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The built-in categories across ecosystems (issue 12 §3): each path falls into the category it must. */
class EcosystemCategoriesTest {
    private final RiskClassifier defaults = RiskClassifier.compile(PolicyLoader.builtIn().categories());

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            // the issue's own examples
            "app/authentication.py, authentication",
            "middleware/jwt_auth.py, authentication",
            "src/login.py, authentication",
            "app/db.py, data-access",
            "setup.py, dependencies",
            "pyproject.toml, dependencies",
            "Dockerfile.prod, deployment",
            ".github/CODEOWNERS, governance",
            // Python
            "app/authorization.py, authentication",
            "project/models.py, data-access",
            "alembic/versions/2f1a_add_users.py, data-access",
            "requirements/prod.txt, dependencies",
            "uv.lock, dependencies",
            // JavaScript / TypeScript
            "src/middleware/auth.ts, authentication",
            "src/pages/SignIn.tsx, authentication",
            "server/passport.js, authentication",
            "src/lib/oauth2Client.mjs, authentication",
            "prisma/schema.prisma, data-access",
            "src/db/index.ts, data-access",
            "src/users/user.repository.ts, data-access",
            "pnpm-workspace.yaml, dependencies",
            "bun.lock, dependencies",
            "vercel.json, deployment",
            // Go
            "internal/auth/middleware.go, authentication",
            "pkg/handlers/basicauth.go, authentication",
            "internal/store/user_repository.go, data-access",
            "go.work, dependencies",
            // Ruby
            "app/controllers/sessions_controller.rb, -",
            "config/initializers/devise.rb, authentication",
            "app/models/user.rb, data-access",
            "db/schema.rb, data-access",
            "my_gem.gemspec, dependencies",
            "Gemfile.lock, dependencies",
            "config/deploy.rb, deployment",
            "config/master.key, secrets",
            // .NET
            "src/Api/Auth/JwtTokenService.cs, authentication",
            "src/Api/Data/AppDbContext.cs, data-access",
            "src/Api/appsettings.Production.json, secrets",
            "src/Api/Api.csproj, dependencies",
            "Directory.Packages.props, dependencies",
            "Properties/PublishProfiles/Prod.pubxml, deployment",
            // infrastructure as code
            "infra/main.bicep, deployment",
            "stacks/Pulumi.prod.yaml, deployment",
            "live/prod/terragrunt.hcl, deployment",
            "k8s/base/kustomization.yaml, deployment",
            "charts/api/Chart.yaml, deployment",
            "compose.yaml, deployment",
            ".terraform.lock.hcl, dependencies",
            "cdk.json, deployment",
            // governance
            ".aigov/policy.yaml, governance",
            "CODEOWNERS, governance",
            "docs/CODEOWNERS, governance",
            "OWNERS, governance",
            ".github/settings.yml, governance",
            ".github/rulesets/main.json, governance",
            "scripts/branch-protection.json, governance",
            "jenkins.yaml, governance",
    })
    void eachEcosystemsPathsFallIntoTheirCategory(String path, String category) {
        List<String> found = defaults.classify(path);
        if (category.equals("-")) {
            assertThat(found).as(path).isEmpty();
        } else {
            assertThat(found).as(path).contains(category);
        }
    }

    @Test
    void matchingIgnoresCase() {
        assertThat(defaults.classify("services/API/DOCKERFILE")).contains("deployment");
        assertThat(defaults.classify("SRC/Auth/Login.PY")).contains("authentication");
        assertThat(defaults.classify(".GITHUB/codeowners")).contains("governance");
        assertThat(defaults.classify("Package.JSON")).contains("dependencies");
        assertThat(RiskClassifier.compile(Map.of("x", List.of("Docs/**"))).classify("docs/a.md")).containsExactly("x");
    }

    @Test
    void reportedPathsKeepTheirOwnCase() {
        assertThat(defaults.classifyAll(List.of("Src/Login.py")).get("authentication")).containsExactly("Src/Login.py");
    }

    @Test
    void authorsAndAuthoringAreNotAuthentication() {
        assertThat(defaults.classify("app/models/author.py")).doesNotContain("authentication");
        assertThat(defaults.classify("docs/authoring.md")).isEmpty();
        assertThat(defaults.classify("src/AuthorList.tsx")).isEmpty();
    }

    @Test
    void theGateWiringIsGovernanceAndCiConfig() {
        assertThat(defaults.classify("Jenkinsfile")).containsExactly("governance", "ci-config");
        assertThat(defaults.classify(".github/workflows/gate.yml")).containsExactly("governance", "ci-config");
    }

    @Test
    void governanceIsReportedFirst() {
        assertThat(PolicyLoader.builtIn().categories().keySet()).first().isEqualTo("governance");
    }
}
