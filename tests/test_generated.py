"""Files generated from the model always validate, render and build."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings

from generator.pages.views import render_pages
from generator.reading.loader import load_handbook
from tests.conftest import run_cli, write_handbook
from tests.strategies import client_files, industry_files
from tests.test_build import assert_every_value_shown

SETTINGS = dict(
    deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


def write(root: Path, client: dict, industry: dict) -> Path:
    dump = lambda data: yaml.safe_dump(data, allow_unicode=True, sort_keys=False)  # noqa: E731
    return write_handbook(
        root,
        clients={"generated-client.yaml": dump(client)},
        industries={"generated.yaml": dump(industry)},
    )


@settings(max_examples=100, **SETTINGS)
@given(client=client_files(), industry=industry_files())
def test_generated_files_validate_and_render(tmp_path_factory, client, industry) -> None:
    root = write(tmp_path_factory.mktemp("gen"), client, industry)
    handbook = load_handbook(root)
    pages = render_pages(handbook, "zh")
    assert "accounts/generated-client.md" in pages
    assert "industries/generated.md" in pages


@settings(max_examples=6, **SETTINGS)
@given(client=client_files(), industry=industry_files())
def test_generated_files_build_and_show_plain_values_literally(
    tmp_path_factory, client, industry
) -> None:
    root = write(tmp_path_factory.mktemp("genbuild"), client, industry)
    result = run_cli("build", "--root", str(root))
    assert result.exit_code == 0, result.output
    assert_every_value_shown(root / "site", load_handbook(root), "zh", markdown=False)
