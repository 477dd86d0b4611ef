"""The console: the Business Manager's and Chair's pages (DESIGN.md section 5)."""
