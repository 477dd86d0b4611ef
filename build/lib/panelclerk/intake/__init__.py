"""The secure mailbox: backends, parsing, rules, routing to the workflow, and the outbox."""
