"""The `ghosttab` command line."""
