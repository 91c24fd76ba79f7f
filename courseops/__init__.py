"""Course operations for instructors: release, autograde checks, reports and bundles."""
