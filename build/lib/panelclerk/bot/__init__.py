"""Entry points: the command line now; chat adapters join here."""
