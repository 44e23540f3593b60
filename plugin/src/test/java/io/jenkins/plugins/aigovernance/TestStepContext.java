package io.jenkins.plugins.aigovernance;

import com.google.common.util.concurrent.ListenableFuture;
import hudson.model.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jenkinsci.plugins.workflow.steps.BodyExecution;
import org.jenkinsci.plugins.workflow.steps.BodyExecutionCallback;
import org.jenkinsci.plugins.workflow.steps.BodyInvoker;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * A {@link StepContext} as Pipeline gives a step: it records the outcome and the body the step starts.
 * Serializable by name only (Pipeline's contexts are handles too), so executions holding it round-trip.
 */
final class TestStepContext extends StepContext {
    private static final Map<String, State> STATES = new ConcurrentHashMap<>();

    /** What happened to a context; survives the serialization round trip of the execution. */
    static final class State {
        Object success;
        Throwable failure;
        int completions;
        final List<Object> bodyContexts = new ArrayList<>();
        BodyExecutionCallback bodyCallback;
        boolean bodyStarted;
    }

    private final String name;

    TestStepContext(String name) {
        this.name = name;
        STATES.put(name, new State());
    }

    State state() {
        return STATES.get(name);
    }

    @Override
    public <T> T get(Class<T> key) {
        return null;
    }

    @Override
    public synchronized void onSuccess(Object result) {
        state().success = result;
        state().completions++;
    }

    @Override
    public synchronized void onFailure(Throwable t) {
        state().failure = t;
        state().completions++;
    }

    @Override
    public boolean isReady() {
        return state().completions > 0;
    }

    @Override
    public ListenableFuture<Void> saveState() {
        throw new UnsupportedOperationException("not used by the steps");
    }

    @Override
    public void setResult(Result r) {
        throw new UnsupportedOperationException("not used by the steps");
    }

    @Override
    public BodyInvoker newBodyInvoker() {
        State state = state();
        return new BodyInvoker() {
            @Override
            public BodyInvoker withContext(Object override) {
                state.bodyContexts.add(override);
                return this;
            }

            @Override
            public BodyInvoker withContexts(Object... overrides) {
                for (Object o : overrides) {
                    withContext(o);
                }
                return this;
            }

            @Override
            public BodyInvoker withDisplayName(String displayName) {
                return this;
            }

            @Override
            public BodyInvoker withCallback(BodyExecutionCallback callback) {
                state.bodyCallback = callback;
                return this;
            }

            @Override
            public BodyExecution start() {
                state.bodyStarted = true;
                return new BodyExecution() {
                    @Override
                    public java.util.Collection<StepExecution> getCurrentExecutions() {
                        return List.of();
                    }

                    @Override
                    public boolean cancel(boolean mayInterruptIfRunning) {
                        return false;
                    }

                    @Override
                    public boolean isCancelled() {
                        return false;
                    }

                    @Override
                    public boolean isDone() {
                        return false;
                    }

                    @Override
                    public Object get() {
                        throw new UnsupportedOperationException();
                    }

                    @Override
                    public Object get(long timeout, java.util.concurrent.TimeUnit unit) {
                        throw new UnsupportedOperationException();
                    }
                };
            }
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TestStepContext that && that.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }
}
