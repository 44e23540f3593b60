package org.jenkinsci.plugins.workflow.steps;

public abstract class GeneralNonBlockingStepExecution extends StepExecution {
    protected GeneralNonBlockingStepExecution(StepContext context) {
        super(context);
    }

    @FunctionalInterface
    protected interface Block {
        void run() throws Exception;
    }

    protected final void run(Block block) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void stop(Throwable cause) throws Exception {
        super.stop(cause);
    }

    @Override
    public void onResume() {
    }

    protected abstract class TailCall extends BodyExecutionCallback {
        protected abstract void finished(StepContext context) throws Exception;

        @Override
        public final void onSuccess(StepContext context, Object result) {
            throw new UnsupportedOperationException();
        }

        @Override
        public final void onFailure(StepContext context, Throwable t) {
            throw new UnsupportedOperationException();
        }
    }
}
