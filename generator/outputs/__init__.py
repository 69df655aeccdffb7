"""What is made from a handbook besides the site: the plain Markdown tree (``tree.py``), the
PDF pack (``pdf.py``) and the nginx server block (``nginx.py``)."""
