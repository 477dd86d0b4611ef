"""The domain, pure: no I/O, no transport imports. Transports call into it."""
