"""A handbook elsewhere overrides one template and the theme; everything else is built in."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import MINIMAL_CLIENT, MINIMAL_INDUSTRY, REPO, page_text, run_cli

EXAMPLE = REPO / "examples" / "overrides"


def test_one_template_and_the_theme_overridden(handbook) -> None:
    root = handbook(
        clients={"acme.yaml": MINIMAL_CLIENT}, industries={"fmcg.yaml": MINIMAL_INDUSTRY}
    )
    assert not (root / "templates").exists()  # nothing copied from this repository
    shutil.copytree(EXAMPLE / "templates", root / "templates")
    shutil.copytree(EXAMPLE / "theme", root / "theme")
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "  font: false\n", "  font: false\n  custom_dir: theme\n"
        ),
        encoding="utf-8",
    )
    result = run_cli("build", "--root", str(root))
    assert result.exit_code == 0, result.output
    client = (root / "site/accounts/acme/index.html").read_text("utf-8")
    text = page_text(client)
    assert "本客户的提案、报价和合同存放在共享盘的 客户/acme/ 目录中。" in text  # the override
    assert "我方团队" in text and "王芳" in text  # the built-in blocks are still there
    industry = page_text((root / "site/industries/fmcg/index.html").read_text("utf-8"))
    assert "本行业客户" in industry and "共享盘" not in industry  # other templates: built in
    assert "内部资料,请勿外传" in client  # the theme override


def test_a_broken_override_is_a_clean_error(handbook) -> None:
    root = handbook(
        clients={"acme.yaml": MINIMAL_CLIENT}, industries={"fmcg.yaml": MINIMAL_INDUSTRY}
    )
    (root / "templates").mkdir()
    (root / "templates" / "client.md.j2").write_text("{% if %}\n", encoding="utf-8")
    result = run_cli("build", "--root", str(root))
    assert result.exit_code == 1
    assert "client.md.j2:1:模板有错误" in result.output
    assert "Traceback" not in result.output


def test_templates_are_shipped_in_the_package_configuration() -> None:
    """pip install . puts templates/ into the wheel as generator/_templates."""
    import tomllib

    config = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
    force = config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert force == {"templates": "generator/_templates"}
    assert Path(REPO / "templates" / "client.md.j2").is_file()
