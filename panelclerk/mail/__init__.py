"""The wire: reading mail (parse, replies), the mailbox backends, and SMTP."""
