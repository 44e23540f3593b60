package dev.aigov.risk;

import dev.aigov.policy.PolicyLoader;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RiskClassifierTest {
    private final RiskClassifier defaults = RiskClassifier.compile(PolicyLoader.builtIn().categories());

    @Test
    void classifiesTheDesignExamplesIntoTheirCategories() {
        assertThat(defaults.classify("src/main/java/com/acme/auth/TokenService.java")).containsExactly("authentication");
        assertThat(defaults.classify("web/LoginController.ts")).containsExactly("authentication");
        assertThat(defaults.classify("config/secrets/prod.yaml")).containsExactly("secrets");
        assertThat(defaults.classify("certs/server.pem")).containsExactly("secrets");
        assertThat(defaults.classify(".env.production")).containsExactly("secrets");
        assertThat(defaults.classify("db/migrations/V2__users.sql")).containsExactly("data-access");
        assertThat(defaults.classify("src/main/java/com/acme/UserRepository.java")).containsExactly("data-access");
        assertThat(defaults.classify("deploy/prod/values.yaml")).containsExactly("deployment");
        assertThat(defaults.classify("infra/main.tf")).containsExactly("deployment");
        assertThat(defaults.classify("Jenkinsfile")).containsExactly("governance", "ci-config");
        assertThat(defaults.classify("services/api/Jenkinsfile")).containsExactly("governance", "ci-config");
        assertThat(defaults.classify(".github/workflows/release.yml")).containsExactly("governance", "ci-config");
        assertThat(defaults.classify(".github/actions/setup/action.yml")).containsExactly("ci-config");
        assertThat(defaults.classify("pom.xml")).containsExactly("dependencies");
        assertThat(defaults.classify("frontend/package.json")).containsExactly("dependencies");
        assertThat(defaults.classify("requirements-dev.txt")).containsExactly("dependencies");
    }

    @Test
    void ordinaryPathsFallIntoNoCategory() {
        assertThat(defaults.classify("src/main/java/com/acme/Invoice.java")).isEmpty();
        assertThat(defaults.classify("README.md")).isEmpty();
        assertThat(defaults.classify("docs/authoring.md")).as("'auth' as a prefix of a directory name is not auth/").isEmpty();
        assertThat(defaults.classify("mydeploy/x.yaml")).as("deploy/** is anchored at the root").isEmpty();
    }

    @Test
    void aPathCanFallIntoSeveralCategories() {
        assertThat(defaults.classify("deploy/secrets/db.pem")).containsExactly("secrets", "deployment");
    }

    @Test
    void globShapesMatchAsDocumented() {
        assertThat(Glob.compile("Jenkinsfile").matches("Jenkinsfile")).isTrue();
        assertThat(Glob.compile("Jenkinsfile").matches("a/Jenkinsfile")).as("no slash means the root only").isFalse();
        assertThat(Glob.compile("**/Jenkinsfile").matches("Jenkinsfile")).as("**/ also matches no directory").isTrue();
        assertThat(Glob.compile("**/auth/**").matches("auth/x")).isTrue();
        assertThat(Glob.compile("**/auth/**").matches("a/b/auth/c/d.java")).isTrue();
        assertThat(Glob.compile("**/auth/**").matches("a/auth")).as("a file named auth is not below auth/").isFalse();
        assertThat(Glob.compile("deploy/**").matches("deploy")).isFalse();
        assertThat(Glob.compile("**/*Login*").matches("x/y/UserLoginForm.tsx")).isTrue();
        assertThat(Glob.compile("**/*Login*").matches("Login/x.txt")).as("* does not cross '/'").isFalse();
        assertThat(Glob.compile("src/*/main.go").matches("src/a/main.go")).isTrue();
        assertThat(Glob.compile("src/*/main.go").matches("src/a/b/main.go")).isFalse();
        assertThat(Glob.compile("src/**/main.go").matches("src/a/b/main.go")).isTrue();
        assertThat(Glob.compile("**/*.{yml,yaml}").matches("a/b.yaml")).isTrue();
        assertThat(Glob.compile("**/*.{yml,yaml}").matches("a/b.json")).isFalse();
        assertThat(Glob.compile("file?.txt").matches("file1.txt")).isTrue();
        assertThat(Glob.compile("file[0-9].txt").matches("file7.txt")).isTrue();
        assertThat(Glob.compile("file[!0-9].txt").matches("file7.txt")).isFalse();
        assertThat(Glob.compile("a.b").matches("axb")).as("regex metacharacters are literal").isFalse();
        assertThat(Glob.compile("**/(x)+/**").matches("q/(x)+/z")).isTrue();
        assertThat(Glob.compile("**/foo?/**").matches("foo1/x")).as("'**/' may match no directory at all").isTrue();
        assertThat(Glob.compile("**/oauth*/**").matches("src/oauth2/Client.java")).isTrue();
        assertThat(Glob.compile("**/oauth*/**").matches("src/oauth2")).isFalse();
        assertThat(Glob.compile("**/docker-compose*.yml").matches("a/docker-compose.prod.yml")).isTrue();
        assertThat(Glob.compile("**/docker-compose*.yml").matches("a/docker-compose.yml.bak")).isFalse();
        assertThat(Glob.compile("**/*a*a*").matches("x/aa")).isTrue();
        assertThat(Glob.compile("**/*a*a*").matches("x/a")).as("literal parts may not overlap").isFalse();
    }

    @Test
    void everyShapeAgreesWithTheRegexForm() {
        // The fast paths must give exactly what a plain regex of the same glob gives.
        List<String> globs = List.of("pom.xml", "**/pom.xml", "**/*.tf", "deploy/**", "**/auth/**", "a/b/**");
        List<String> paths = List.of("pom.xml", "x/pom.xml", "xpom.xml", "m.tf", "a/m.tf", "a/m.tfx", "deploy/a", "deploy",
                "x/deploy/a", "auth/x", "x/auth/y", "x/auth", "xauth/y", "a/b/c", "a/bc/d", "a/b");
        for (String text : globs) {
            Glob fast = Glob.compile(text);
            java.util.regex.Pattern slow = java.util.regex.Pattern.compile(regexOf(text));
            for (String path : paths) {
                assertThat(fast.matches(path)).as(text + " vs " + path).isEqualTo(slow.matcher(path).matches());
            }
        }
    }

    private static String regexOf(String glob) {
        return glob.replace(".", "\\.").replace("**/", "\u0001").replace("/**", "\u0002").replace("*", "[^/]*")
                .replace("\u0001", "(?:[^/]+/)*").replace("\u0002", "/.+");
    }

    @Test
    void classifyAllGroupsPathsByCategoryInDeclarationOrder() {
        Map<String, List<String>> out = defaults.classifyAll(List.of("pom.xml", "Jenkinsfile", "src/auth/A.java", "README.md", "pom.xml"));
        assertThat(out.keySet()).containsExactly("governance", "authentication", "ci-config", "dependencies");
        assertThat(out.get("dependencies")).containsExactly("pom.xml");
    }

    @Test
    void malformedGlobsAreRefusedWithTheirProblem() {
        assertThat(Glob.problem("a/**b")).isEqualTo("'**' must be a whole path segment, as in '**/name' or 'dir/**'");
        assertThat(Glob.problem("a//b")).isEqualTo("empty path segment ('//' or a trailing '/')");
        assertThat(Glob.problem("a[b")).isEqualTo("unclosed '[' or '{'");
        assertThat(Glob.problem("")).isEqualTo("an empty glob matches nothing");
        assertThatThrownBy(() -> Glob.compile("/etc/passwd")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("relative to the repository root");
    }

    @Test
    void manyGlobsAndPathsClassifyTheSameAsCheckingEachGlob() {
        Map<String, List<String>> categories = new LinkedHashMap<>();
        Random random = new Random(7);
        for (int c = 0; c < 10; c++) {
            List<String> globs = new ArrayList<>();
            for (int g = 0; g < 20; g++) {
                globs.add(switch (g % 5) {
                    case 0 -> "**/dir" + c + g + "/**";
                    case 1 -> "**/*.ext" + c + g;
                    case 2 -> "top" + c + g + "/**";
                    case 3 -> "**/Name" + c + g;
                    default -> "**/*Mid" + c + g + "*";
                });
            }
            categories.put("cat" + c, globs);
        }
        RiskClassifier classifier = RiskClassifier.compile(categories);
        for (int i = 0; i < 2_000; i++) {
            int c = random.nextInt(10);
            int g = random.nextInt(25);
            String path = switch (random.nextInt(5)) {
                case 0 -> "a/dir" + c + g + "/f.txt";
                case 1 -> "b/f.ext" + c + g;
                case 2 -> "top" + c + g + "/x/y";
                case 3 -> "q/Name" + c + g;
                default -> "r/xMid" + c + g + "y.java";
            };
            List<String> expected = new ArrayList<>();
            categories.forEach((id, globs) -> {
                if (globs.stream().anyMatch(glob -> Glob.compile(glob).matches(path))) {
                    expected.add(id);
                }
            });
            assertThat(classifier.classify(path)).as(path).isEqualTo(expected);
        }
    }
}
