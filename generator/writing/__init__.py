"""The one way to change the handbook's files (below the editor, the spreadsheets and the hosts).

``files``: the path policy, versions, the lock held across processes, the check with the
whole handbook, all or nothing, atomic. ``edits``: a change of values applied to a file's
own text in place (comments, quoting, order and untouched lines stay byte-identical).
"""
