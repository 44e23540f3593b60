package dev.aigov.gate;

import java.util.List;

/** The gate's verdict. Exhaustive: callers switch over the three cases. */
public sealed interface Decision permits Decision.Pass, Decision.ApprovalRequired, Decision.Fail {

    List<Reason> reasons();

    /** {@code PASS}, {@code APPROVAL_REQUIRED} or {@code FAIL}, as in JSON output. */
    String id();

    /** The CLI exit code for this verdict. */
    int exitCode();

    record Pass(List<Reason> reasons) implements Decision {
        public Pass {
            reasons = List.copyOf(reasons);
        }

        public String id() {
            return "PASS";
        }

        public int exitCode() {
            return 0;
        }
    }

    record ApprovalRequired(List<Reason> reasons, ApprovalRequirement approval) implements Decision {
        public ApprovalRequired {
            reasons = List.copyOf(reasons);
        }

        public String id() {
            return "APPROVAL_REQUIRED";
        }

        public int exitCode() {
            return 10;
        }
    }

    record Fail(List<Reason> reasons) implements Decision {
        public Fail {
            reasons = List.copyOf(reasons);
        }

        public String id() {
            return "FAIL";
        }

        public int exitCode() {
            return 20;
        }
    }
}
