"""``playbook serve``'s state between rebuilds: compiled templates, rendered pages and the
Markdown block cache."""
