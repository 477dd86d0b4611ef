"""What we send: headers checked, messages composed into the outbox, and delivered."""
