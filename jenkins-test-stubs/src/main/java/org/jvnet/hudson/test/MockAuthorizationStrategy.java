package org.jvnet.hudson.test;

import hudson.security.AuthorizationStrategy;
import hudson.security.Permission;

public class MockAuthorizationStrategy extends AuthorizationStrategy {
    public MockAuthorizationStrategy() {
    }

    public Grant grant(Permission... permissions) {
        throw new UnsupportedOperationException();
    }

    public class Grant {
        private Grant() {
        }

        public GrantOn everywhere() {
            throw new UnsupportedOperationException();
        }

        public class GrantOn {
            private GrantOn() {
            }

            public MockAuthorizationStrategy to(String... sids) {
                throw new UnsupportedOperationException();
            }

            public MockAuthorizationStrategy toEveryone() {
                throw new UnsupportedOperationException();
            }
        }
    }
}
