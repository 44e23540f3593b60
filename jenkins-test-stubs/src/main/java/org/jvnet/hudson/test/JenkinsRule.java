package org.jvnet.hudson.test;

import hudson.model.Item;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TopLevelItem;
import hudson.security.SecurityRealm;
import java.io.IOException;
import java.net.URL;
import java.util.concurrent.Future;
import jenkins.model.Jenkins;
import org.htmlunit.Page;
import org.htmlunit.WebRequest;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.xml.sax.SAXException;

@SuppressWarnings("rawtypes") // upstream's signatures
public class JenkinsRule {
    public Jenkins jenkins;

    private JenkinsRule() {
    }

    public <T extends TopLevelItem> T createProject(Class<T> type, String name) throws IOException {
        throw new UnsupportedOperationException();
    }

    public DummySecurityRealm createDummySecurityRealm() {
        throw new UnsupportedOperationException();
    }

    public static class DummySecurityRealm extends SecurityRealm {
        DummySecurityRealm() {
        }
    }

    public URL getURL() throws IOException {
        throw new UnsupportedOperationException();
    }

    public void configRoundtrip() throws Exception {
        throw new UnsupportedOperationException();
    }

    public <R extends Run> R assertBuildStatus(Result status, R r) throws Exception {
        throw new UnsupportedOperationException();
    }

    public <R extends Run> R assertBuildStatus(Result status, Future<? extends R> r) throws Exception {
        throw new UnsupportedOperationException();
    }

    public <R extends Run> R assertBuildStatusSuccess(R r) throws Exception {
        throw new UnsupportedOperationException();
    }

    public <R extends Run> R assertBuildStatusSuccess(Future<? extends R> r) throws Exception {
        throw new UnsupportedOperationException();
    }

    public void assertLogContains(String substring, Run run) throws IOException {
        throw new UnsupportedOperationException();
    }

    public void assertLogNotContains(String substring, Run run) throws IOException {
        throw new UnsupportedOperationException();
    }

    public static String getLog(Run run) throws IOException {
        throw new UnsupportedOperationException();
    }

    public <R extends Run<?, ?>> R waitForCompletion(R r) throws InterruptedException {
        throw new UnsupportedOperationException();
    }

    public <R extends Run<?, ?>> R waitForMessage(String message, R r) throws IOException, InterruptedException {
        throw new UnsupportedOperationException();
    }

    public HtmlPage submit(HtmlForm form) throws Exception {
        throw new UnsupportedOperationException();
    }

    public WebClient createWebClient() {
        throw new UnsupportedOperationException();
    }

    public class WebClient extends org.htmlunit.WebClient {
        private static final long serialVersionUID = 1L;

        public WebClient() {
        }

        public WebClient withThrowExceptionOnFailingStatusCode(boolean enabled) {
            throw new UnsupportedOperationException();
        }

        public WebClient login(String username) throws Exception {
            throw new UnsupportedOperationException();
        }

        public HtmlPage getPage(Run r) throws IOException, SAXException {
            throw new UnsupportedOperationException();
        }

        public HtmlPage getPage(Run r, String relative) throws IOException, SAXException {
            throw new UnsupportedOperationException();
        }

        public HtmlPage getPage(Item item) throws IOException, SAXException {
            throw new UnsupportedOperationException();
        }

        public HtmlPage goTo(String relative) throws IOException, SAXException {
            throw new UnsupportedOperationException();
        }

        public Page goTo(String relative, String expectedContentType) throws IOException, SAXException {
            throw new UnsupportedOperationException();
        }

        public WebRequest addCrumb(WebRequest req) {
            throw new UnsupportedOperationException();
        }
    }
}
