"""The application: one module per stage of the process, in the order the seeds describe
it. Entry points (mail, chat, console, command line) call these; each step runs in one
transaction that changes the store, writes its audit entry and queues what it sends."""
