package org.jenkinsci.plugins.workflow.steps;

import java.io.Serializable;

@FunctionalInterface
public interface FailureHandler extends Serializable {
    Throwable handle(StepContext ctx, Throwable t);

    static Throwable apply(StepContext ctx, Throwable t) {
        throw new UnsupportedOperationException();
    }

    static FailureHandler merge(FailureHandler original, FailureHandler subsequent) {
        throw new UnsupportedOperationException();
    }
}
