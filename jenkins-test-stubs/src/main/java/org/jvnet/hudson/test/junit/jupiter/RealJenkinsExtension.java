package org.jvnet.hudson.test.junit.jupiter;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.fixtures.RealJenkinsFixture;

public class RealJenkinsExtension implements BeforeEachCallback, AfterEachCallback {
    public RealJenkinsExtension() {
    }

    public RealJenkinsExtension omitPlugins(String... plugins) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        throw new UnsupportedOperationException();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        throw new UnsupportedOperationException();
    }

    public interface Step extends RealJenkinsFixture.Step {
        @Override
        void run(JenkinsRule r) throws Throwable;
    }

    public void then(Step... steps) throws Throwable {
        throw new UnsupportedOperationException();
    }
}
