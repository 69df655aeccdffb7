"""The MkDocs adapter: the plugin's events (``plugin.py``), its options, the files it adds to
MkDocs' site and navigation, and the build's expected stops."""
