"""Language: facts for the criteria, recommendations, form fields and redaction, on spaCy
rule components, offline. `workflow/` turns what is found here into advice."""
