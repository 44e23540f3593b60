package hudson.model;

public abstract class Cause {
    private Cause() {
    }

    public static class UserIdCause extends Cause {
        public UserIdCause(String userId) {
            throw new UnsupportedOperationException();
        }

        public String getUserId() {
            throw new UnsupportedOperationException();
        }
    }
}
