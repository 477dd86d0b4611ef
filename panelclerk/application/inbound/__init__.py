"""One message from the mailbox to one step of the process, in one transaction: the pass over
a mailbox (`router`), what became of each message (`result`), the mail kept for the Business
Manager (`kept`), and the check before a first pass (`golive`)."""
