package hudson.tasks;

public class Mailer {
    private Mailer() {
    }

    public static class UserProperty extends hudson.model.UserProperty {
        public UserProperty(String emailAddress) {
            throw new UnsupportedOperationException();
        }

        public String getAddress() {
            throw new UnsupportedOperationException();
        }
    }
}
