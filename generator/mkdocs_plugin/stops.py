"""The build's expected stops: one exception class per kind, each said once by ``playbook``."""

from __future__ import annotations

from mkdocs.exceptions import PluginError

from ..reading.problems import Problem


class PlaybookStop(PluginError):
    """An expected stop of the build (a bad option, a template error, pages that clash…):
    its message is for a person, in the handbook's language; never a traceback.

    MkDocs logs a plugin's error and turns it into ``Abort``; the plugin keeps the stop
    it raised (``stopped``, from ``on_build_error``) so that ``playbook`` can say it once.
    """


class HandbookBuildError(PlaybookStop):
    """The handbook's files are invalid; ``problems`` lists every one."""

    def __init__(self, problems: list[Problem], report: str):
        super().__init__(report)
        self.problems = problems
