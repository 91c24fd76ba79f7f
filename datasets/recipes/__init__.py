"""One recipe module per group of tidy tables; see _common.Resource."""
