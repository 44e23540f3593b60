package hudson.model;

@SuppressWarnings("rawtypes") // upstream's signature
public abstract class Job<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> implements Item {
    protected Job(ItemGroup parent, String name) {
    }

    @Override
    public final String getFullName() {
        throw new UnsupportedOperationException();
    }

    public RunT getLastCompletedBuild() {
        throw new UnsupportedOperationException();
    }
}
