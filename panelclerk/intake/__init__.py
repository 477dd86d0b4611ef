"""Reading one message for the application: intake rules and sender authentication, the
referral form from its body and documents, and the budget for reading them."""
