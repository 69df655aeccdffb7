"""The CI examples a handbook repository copies: valid YAML that does what the docs say."""

from __future__ import annotations

import yaml

from tests.conftest import REPO


def test_github_workflow_rebuilds_nightly_and_on_main() -> None:
    workflow = yaml.safe_load((REPO / "examples/github/workflows/handbook.yml").read_text("utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["push"]["branches"] == ["main"] and "pull_request" in triggers
    assert triggers["schedule"] == [{"cron": "0 18 * * *"}]
    steps = [step.get("run", "") for step in workflow["jobs"]["check"]["steps"]]
    assert any("agency-playbook" in run for run in steps)
    assert "playbook check --format github" in steps
    # GitHub Pages is public on most plans: only a site without personal data and
    # confidential clients is built, and it is the only thing uploaded
    assert [run for run in steps if run.startswith("playbook build")] == ["playbook build --redact"]
    uploads = [s for s in workflow["jobs"]["check"]["steps"] if "upload-pages" in s.get("uses", "")]
    assert [s["with"]["path"] for s in uploads] == ["site"]


def test_gitlab_pipeline_publishes_the_default_branch_also_when_scheduled() -> None:
    text = (REPO / "examples/gitlab/.gitlab-ci.yml").read_text("utf-8")
    pipeline = yaml.safe_load(text)
    assert "agency-playbook" in pipeline["before_script"][0]
    assert pipeline["pages"]["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert "Pipeline schedules" in text  # a scheduled pipeline on main runs the pages job
    assert pipeline["check"]["script"][0] == "playbook check"
    assert "Only Project Members" in text  # Pages access control, said before the first publish
