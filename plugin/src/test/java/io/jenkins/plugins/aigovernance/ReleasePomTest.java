package io.jenkins.plugins.aigovernance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** What jenkinsci hosting and a release need from {@code plugin/pom-jenkins.xml} and the repository root. */
class ReleasePomTest {
    private static final Path POM = Path.of("pom-jenkins.xml");

    private static Document pom() throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(POM.toFile());
    }

    private static String child(Element parent, String name) {
        NodeList list = parent.getElementsByTagName(name);
        for (int i = 0; i < list.getLength(); i++) {
            if (list.item(i).getParentNode() == parent) {
                return list.item(i).getTextContent().trim();
            }
        }
        return "";
    }

    @Test
    void theRepositoryIsMitLicensedAndThePomSaysSo() throws Exception {
        assertThat(Files.readString(Path.of("..", "LICENSE"))).startsWith("MIT License")
                .contains("Permission is hereby granted, free of charge");
        Element project = pom().getDocumentElement();
        assertThat(project.getElementsByTagName("license").getLength()).isEqualTo(1);
        assertThat(((Element) project.getElementsByTagName("license").item(0)).getElementsByTagName("name")
                .item(0).getTextContent()).isEqualTo("MIT License");
        assertThat(child(project, "url")).isEqualTo("https://github.com/${gitHubRepo}");
        Element scm = (Element) project.getElementsByTagName("scm").item(0);
        assertThat(child(scm, "connection")).isEqualTo("scm:git:https://github.com/${gitHubRepo}.git");
        assertThat(child(scm, "tag")).isEqualTo("${scmTag}");
    }

    @Test
    void theVersionIsIncrementalsReady() throws Exception {
        Element project = pom().getDocumentElement();
        assertThat(child(project, "version")).isEqualTo("${revision}${changelist}");
        Element properties = (Element) project.getElementsByTagName("properties").item(0);
        assertThat(child(properties, "changelist")).isEqualTo("-SNAPSHOT");
        assertThat(child(properties, "revision")).matches("\\d+\\.\\d+\\.\\d+");
    }

    @Test
    void aReleaseDependsOnNoSnapshotAndNoEngineArtifactNoRepositoryServes() throws Exception {
        NodeList dependencies = pom().getElementsByTagName("dependency");
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element d = (Element) dependencies.item(i);
            String artifact = child(d, "artifactId");
            String version = child(d, "version");
            if (artifact.startsWith("governance-") || version.contains("SNAPSHOT") || version.contains("project.version")) {
                problems.add(artifact + ":" + version);
            }
        }
        assertThat(problems).isEmpty();
        assertThat(Files.readString(POM)).contains("../governance-core/src/main/java");
        assertThat(Path.of("..", "governance-core", "src", "main", "java")).isDirectory();
    }

    @Test
    void theTestSourceDirectoryExistsAndHoldsTests() throws Exception {
        String dir = child((Element) pom().getDocumentElement().getElementsByTagName("build").item(0),
                "testSourceDirectory");
        Path tests = Path.of(dir);
        assertThat(tests).isDirectory();
        try (var files = Files.walk(tests)) {
            assertThat(files.filter(p -> p.toString().endsWith("Test.java")).count()).isPositive();
        }
    }
}
