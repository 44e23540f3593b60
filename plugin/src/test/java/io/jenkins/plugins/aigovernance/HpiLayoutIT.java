package io.jenkins.plugins.aigovernance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/** The packaged plugin as Jenkins' plugin manager reads it (runs in verify, after packaging). */
class HpiLayoutIT {
    private static final Path HPI = Paths.get(System.getProperty("hpi.file", "target/ai-governance.hpi"));

    @Test
    void manifestCarriesWhatMavenHpiPluginWrites() throws Exception {
        try (JarFile hpi = new JarFile(HPI.toFile())) {
            Attributes main = hpi.getManifest().getMainAttributes();
            assertThat(main.getValue("Short-Name")).isEqualTo("ai-governance");
            assertThat(main.getValue("Long-Name")).isEqualTo("AI Code Governance");
            assertThat(main.getValue("Group-Id")).isEqualTo("io.jenkins.plugins");
            assertThat(main.getValue("Artifact-Id")).isEqualTo("ai-governance");
            assertThat(main.getValue("Jenkins-Version")).isEqualTo("2.555.3");
            assertThat(main.getValue("Plugin-Version")).isNotBlank();
            assertThat(main.getValue("Url")).startsWith("https://");
            assertThat(main.getValue("Support-Dynamic-Loading")).isEqualTo("true");
            assertThat(main.getValue("Minimum-Java-Version")).isEqualTo("21");
            assertThat(main.getValue("Plugin-Dependencies").split(",")).containsExactlyInAnyOrder(
                    "workflow-step-api:724.v538c2362b_dfb_",
                    "workflow-api:1413.v2ff1a_5e720fa_",
                    "credentials:1511.v2e3cb_0008ef0",
                    "credentials-binding:728.v902a_273b_8947",
                    "structs:362.va_b_695ef4fdf9",
                    "jackson2-api:2.22.1-443.vc91f592333c4",
                    "nimbus-jose-jwt-api:10.9.1-4.v58e0353801ec",
                    "workflow-support:1018.v3ea_02551ef07",
                    "hashicorp-vault-plugin:379.v080d932e61e4;resolution:=optional",
                    "mailer:538.v970812133c31;resolution:=optional");
        }
    }

    @Test
    void pluginJarHoldsClassesViewsAndIndexes() throws Exception {
        try (JarFile hpi = new JarFile(HPI.toFile())) {
            ZipEntry jar = hpi.getEntry("WEB-INF/lib/ai-governance.jar");
            assertThat(jar).isNotNull();
            List<String> names = new ArrayList<>();
            String symbols = "";
            String initializers = "";
            byte[] extensions = null;
            try (JarInputStream in = new JarInputStream(hpi.getInputStream(jar))) {
                for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                    names.add(e.getName());
                    switch (e.getName()) {
                        case "META-INF/services/annotations/org.jenkinsci.Symbol" -> symbols = text(in);
                        case "META-INF/services/annotations/hudson.init.Initializer" -> initializers = text(in);
                        case "META-INF/annotations/hudson.Extension" -> extensions = in.readAllBytes();
                        default -> { }
                    }
                }
            }
            assertThat(names).contains("index.jelly",
                    "io/jenkins/plugins/aigovernance/WithAgentIdentityStep.class",
                    "io/jenkins/plugins/aigovernance/AiGovernanceGateStep$DescriptorImpl.class",
                    "io/jenkins/plugins/aigovernance/GovernanceAction/summary.jelly",
                    "io/jenkins/plugins/aigovernance/AiGovernanceConfiguration/config.jelly");
            assertThat(names).noneMatch(n -> n.startsWith("hudson/") || n.startsWith("jenkins/")
                    || n.startsWith("org/jenkinsci/plugins/workflow/"));
            assertThat(symbols).contains("io.jenkins.plugins.aigovernance.AiGovernanceConfiguration");
            assertThat(initializers).contains("io.jenkins.plugins.aigovernance.LeaseReaping");
            assertThat(extensions).isNotNull();
            String serialized = new String(extensions, StandardCharsets.ISO_8859_1);
            assertThat(serialized).contains("io.jenkins.plugins.aigovernance.WithAgentIdentityStep$DescriptorImpl")
                    .contains("io.jenkins.plugins.aigovernance.AiGovernanceGateStep$DescriptorImpl")
                    .contains("io.jenkins.plugins.aigovernance.AiGovernanceConfiguration")
                    .contains("io.jenkins.plugins.aigovernance.JwksAction");
        }
    }

    @Test
    void bundlesTheEngineButNothingJenkinsOrADependencyPluginProvides() throws Exception {
        List<String> libs = new ArrayList<>();
        try (JarFile hpi = new JarFile(HPI.toFile())) {
            hpi.stream().map(ZipEntry::getName).filter(n -> n.startsWith("WEB-INF/lib/")).forEach(libs::add);
        }
        assertThat(libs).anyMatch(n -> n.startsWith("WEB-INF/lib/governance-core-"));
        assertThat(libs).noneMatch(n -> n.contains("jackson") || n.contains("snakeyaml") || n.contains("stubs")
                || n.contains("sezpoz") || n.contains("guava") || n.contains("servlet") || n.contains("spring")
                || n.contains("json-lib") || n.contains("vault-java-driver") || n.contains("index-processor")
                || n.contains("nimbus") || n.contains("tink") || n.contains("protobuf") || n.contains("gson"));
        assertThat(Files.size(HPI)).isPositive();
    }

    private static String text(InputStream in) throws java.io.IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

}
