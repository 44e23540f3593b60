package org.jvnet.hudson.test.junit.jupiter;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.jvnet.hudson.test.fixtures.JenkinsSessionFixture;

public class JenkinsSessionExtension implements BeforeEachCallback, AfterEachCallback {
    public JenkinsSessionExtension() {
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        throw new UnsupportedOperationException();
    }

    @FunctionalInterface
    public interface Step extends JenkinsSessionFixture.Step {
    }

    public void then(Step s) throws Throwable {
        throw new UnsupportedOperationException();
    }
}
