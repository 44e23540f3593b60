package org.jenkinsci.plugins.workflow.steps;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Phaser;

/**
 * Test double of workflow-step-api's {@code GeneralNonBlockingStepExecution} (shadows the compile-only stub on the
 * test class path), with its upstream members and behaviour: {@link #run} runs the block on a background thread
 * (never the caller's, which in Pipeline is the CPS VM thread) and reports a failure to the context unless the step
 * was stopped; {@link TailCall} runs {@code finished} the same way before completing the context. Tests wait for
 * the background work with {@link #awaitBackgroundWork()} (not upstream).
 */
public abstract class GeneralNonBlockingStepExecution extends StepExecution {
    private static final long serialVersionUID = 1L;
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "GeneralNonBlockingStepExecution test pool");
        thread.setDaemon(true);
        return thread;
    });
    private static final Phaser RUNNING = new Phaser(1);

    private transient volatile Future<?> task;
    private String threadName;
    private transient volatile Throwable stopCause;

    protected GeneralNonBlockingStepExecution(StepContext context) {
        super(context);
    }

    @FunctionalInterface
    protected interface Block {
        void run() throws Exception;
    }

    protected final void run(Block block) {
        if (stopCause != null) {
            return;
        }
        RUNNING.register();
        task = POOL.submit(() -> {
            threadName = Thread.currentThread().getName();
            try {
                block.run();
            } catch (Throwable x) {
                if (stopCause == null) {
                    getContext().onFailure(x);
                } else {
                    stopCause.addSuppressed(x);
                }
            } finally {
                threadName = null;
                task = null;
                RUNNING.arriveAndDeregister();
            }
        });
    }

    /** Not upstream: blocks until every block started so far has ended. */
    public static void awaitBackgroundWork() {
        RUNNING.arriveAndAwaitAdvance();
    }

    @Override
    public void stop(Throwable cause) throws Exception {
        stopCause = cause;
        Future<?> running = task;
        if (running != null) {
            running.cancel(true);
        }
        super.stop(cause);
    }

    @Override
    public void onResume() {
        if (threadName != null) {
            getContext().onFailure(new IllegalStateException("a block was running when Jenkins restarted"));
        }
    }

    public String getStatus() {
        return threadName != null ? "running in thread: " + threadName : "not currently scheduled, or running blocks";
    }

    public boolean blocksRestart() {
        return threadName != null;
    }

    protected abstract class TailCall extends BodyExecutionCallback {
        private static final long serialVersionUID = 1L;

        protected abstract void finished(StepContext context) throws Exception;

        @Override
        public final void onSuccess(StepContext context, Object result) {
            run(() -> {
                try {
                    finished(context);
                } catch (Exception x) {
                    if (stopCause == null) {
                        context.onFailure(x);
                    } else {
                        stopCause.addSuppressed(x);
                    }
                    return;
                }
                context.onSuccess(result);
            });
        }

        @Override
        public final void onFailure(StepContext context, Throwable t) {
            run(() -> {
                try {
                    finished(context);
                } catch (Exception x) {
                    t.addSuppressed(x);
                }
                context.onFailure(t);
            });
        }
    }
}
