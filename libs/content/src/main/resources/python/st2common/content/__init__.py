"""``st2common.content``: where the running pack's files are."""
