package dev.aigov.approval;

/** Where a request stands: PENDING until enough valid approvals (APPROVED) or one rejection (REJECTED). */
public enum ApprovalStatus { PENDING, APPROVED, REJECTED }
