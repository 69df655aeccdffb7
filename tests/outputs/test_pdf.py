"""`playbook pdf`: the new colleague's pack, checked with pypdf, poppler and qpdf."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.format.model import ClientStatus, Tier
from generator.reading.loader import load_handbook
from tests.conftest import (
    FIXTURES,
    MINIMAL_INDUSTRY,
    REPO,
    copy_sample,
    run_cli,
    set_today,
    write_handbook,
)
from tests.test_redaction import redacted_values

PDFFONTS = shutil.which("pdffonts")
QPDF = shutil.which("qpdf")
needs_poppler = pytest.mark.skipif(
    (PDFFONTS is None or QPDF is None) and not os.environ.get("CI"),
    reason="poppler-utils and qpdf are not installed (make test installs them)",
)


def _text(pdf: Path) -> str:
    """What a reader can select and search, page by page, spaces as pypdf finds them."""
    return "\n".join(page.extract_text() or "" for page in PdfReader(pdf).pages)


def _outline(pdf: Path) -> list[str]:
    def titles(items) -> list[str]:
        found = []
        for item in items:
            found += titles(item) if isinstance(item, list) else [item.title]
        return found

    return titles(PdfReader(pdf).outline)


COMMIT = "按唐丽的要求同步口径"
"""The message of the pack's handbook's one commit (its pages' change history)."""
READERS = "客户部全体同事"
"""The label of the audience the pack is made for."""


@pytest.fixture(scope="module")
def pack_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess]:
    """The sample's pack, made by ``playbook pdf`` in a process of its own (what it prints is
    what a person sees), for an audience with a label, from a repository with a commit."""
    from tests.pages.test_freshness import GIT, git

    root = copy_sample(tmp_path_factory.mktemp("pack") / "handbook")
    set_today(root)
    config = root / "mkdocs.yml"
    marker = "  - playbook:\n      language: zh\n"
    audiences = f"      audiences:\n        team: {{label: {READERS}}}\n"
    config.write_text(config.read_text("utf-8").replace(marker, marker + audiences), "utf-8")
    if GIT is not None:
        git(root, "init", "-q")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", COMMIT, author="陈静")
    made = subprocess.run(
        [sys.executable, "-m", "generator.cli", "pdf", "--root", str(root),
         "--out", str(root / "pack.pdf")],
        capture_output=True, text=True, cwd=REPO,
    )  # fmt: skip
    assert made.returncode == 0, made.stdout + made.stderr
    return root / "pack.pdf", made


@pytest.fixture(scope="module")
def pack(pack_run: tuple[Path, subprocess.CompletedProcess]) -> Path:
    return pack_run[0]


def _pages(pdf: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(pdf).pages]


def test_the_pack_run_is_quiet(pack_run: tuple[Path, subprocess.CompletedProcess]) -> None:
    """The run says what it wrote and nothing else (pandoc warned 43 times of duplicate ids)."""
    _, made = pack_run
    assert made.stderr == ""
    assert made.stdout.splitlines() == [made.stdout.strip()] and "pack.pdf" in made.stdout


def test_the_cover_names_its_readers_in_words(pack: Path) -> None:
    cover = PdfReader(pack).pages[0].extract_text()
    assert f"读者:{READERS}" in cover and "team" not in cover


def test_nothing_of_the_editor_or_the_history_is_printed(pack: Path) -> None:
    text = _text(pack)
    assert "在编辑器中修改" not in text
    assert "修改记录" not in text and "最近修改" not in text and COMMIT not in text
    assert "industries/fmcg.yaml" in text  # the industry pages are there


def _norms_titles() -> list[str]:
    """The titles of the hand-written norms pages, in the navigation's order."""
    import yaml

    nav = yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8"))["nav"]
    norms = next(item["沟通规范"] for item in nav if isinstance(item, dict) and "沟通规范" in item)
    titles = []
    for path in norms:
        source = REPO / "docs" / path
        if source.is_file():  # norms/accounts.md is generated
            titles.append(re.search(r"^# (.+)$", source.read_text("utf-8"), re.M).group(1))
    return titles


def test_the_norms_pages_are_in_the_pack_whole_in_the_navigations_order(pack: Path) -> None:
    titles = _norms_titles()
    assert len(titles) == 7
    outline = _outline(pack)
    assert [t for t in outline if t in titles] == titles
    text = _text(pack)
    assert "每条待办写明负责人和完成日期" in text  # norms/meeting-minutes.md, not only its summary


def test_a_link_says_on_paper_where_it_leads(pack: Path) -> None:
    """A link to a page of the pack becomes the number of the page its target's title is on;
    a link to a page outside says it is in the online handbook, and which."""
    pages = _pages(pack)
    references = [
        (number, match.group(1), int(match.group(2)))
        for number, text in enumerate(pages, start=1)
        for match in re.finditer(r"(\w+)\(见第 (\d+) 页\)", text)
    ]
    linked = {text for _, text, _ in references}
    assert {"回复时限", "周报", "会议纪要", "问题升级", "管理预期", "处理失误"} <= linked
    for number, text, target in references:
        assert text in pages[target - 1].splitlines()[1:3], (number, text, target)  # a title
    briefs = "".join(pages).replace(" ", "")
    assert "完整档案." not in briefs and "完整档案见完整档案(在线手册:鼎盛饮料集团)." in briefs


def test_each_brief_keeps_to_one_page(pack: Path) -> None:
    pages = _pages(pack)
    firsts = [i for i, text in enumerate(pages) if re.search(r"^\S+ · 简报$", text, re.M)]
    industries = next(i for i, text in enumerate(pages) if "行业笔记" in text.splitlines()[1])
    assert len(firsts) == 4 and firsts == list(range(firsts[0], industries))


def test_no_text_is_cut_in_the_decision_chain(pack: Path) -> None:
    brief = next(text for text in _pages(pack) if "星河科技 · 简报" in text.splitlines()[1:3])
    assert brief.count("Southeast Asia Marketing Lead") == 2  # the table, and the chart
    assert "…" not in brief


def test_the_pack_holds_the_first_week_path_in_order(pack: Path) -> None:
    text = _text(pack)
    first = PdfReader(pack).pages[0].extract_text()
    assert "青岚传播" in first and "新人资料包" in first and "内部资料" in first
    assert "2026-11-21" in first
    handbook = load_handbook(REPO)
    tier_a = sorted(
        (e.data.name for e in handbook.clients.values()
         if e.data.tier is Tier.A and e.data.status is not ClientStatus.former),
    )  # fmt: skip
    assert tier_a
    outline = _outline(pack)
    parts = ["沟通规范与工作方式", "重点客户简报", "行业笔记"]
    assert [title for title in outline if title in parts] == parts
    positions = [outline.index(next(t for t in outline if name in t)) for name in tier_a]
    assert positions == sorted(positions)  # the briefs in the first-week page's order
    for industry in handbook.industries.values():
        assert any(industry.data.name in title for title in outline), industry.data.name
    for name in tier_a:
        assert name in text.replace(" ", "")
    assert "目录" in text


@needs_poppler
def test_every_font_is_embedded_and_the_file_is_clean(pack: Path) -> None:
    fonts = subprocess.run([PDFFONTS, str(pack)], capture_output=True, text=True, check=True)
    rows = fonts.stdout.splitlines()[2:]
    assert rows and any("CJK" in row for row in rows)
    for row in rows:
        assert re.search(r"\s(yes)\s+(yes)\s+(yes)\s", row), row  # embedded, subset, unicode
    checked = subprocess.run([QPDF, "--check", str(pack)], capture_output=True, text=True)
    assert checked.returncode == 0 and "No syntax or stream encoding errors" in checked.stdout


def test_the_pack_is_a_tagged_pdf_ua_document(pack: Path) -> None:
    """Typst checks PDF/UA-1 itself while it writes (it refuses an image without alt text);
    the marks of it are here."""
    root = PdfReader(pack).trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    metadata = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert "pdfuaid:part" in metadata and ">1<" in metadata.split("pdfuaid:part")[1][:20]


def _raw_text(pdf: Path) -> str:
    """Every stream of the file, inflated: what a search through its bytes would find."""
    data = pdf.read_bytes()
    chunks = [data.decode("latin-1")]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.DOTALL):
        try:
            chunks.append(zlib.decompress(match.group(1)).decode("utf-8", errors="ignore"))
        except zlib.error:
            continue
    return "\n".join(chunks)


def test_the_redacted_pack_holds_no_personal_value(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "handbook")
    set_today(root)
    out = tmp_path / "redacted.pdf"
    result = run_cli("pdf", "--root", str(root), "--redact", "--out", str(out))
    assert result.exit_code == 0, result.output
    text = _text(out).replace(" ", "") + _raw_text(out)
    leaks = [value for value in redacted_values() if value.replace(" ", "") in text]
    assert leaks == []


def test_one_clients_brief_and_its_chart(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "handbook")
    set_today(root)
    out = tmp_path / "brief.pdf"
    result = run_cli(
        "pdf", "--root", str(root), "--client", "dingsheng-beverage", "--out", str(out)
    )
    assert result.exit_code == 0, result.output
    text = _text(out).replace(" ", "")
    assert "鼎盛饮料集团" in text and "蒋思琪" in text
    assert "青峰汽车" not in text  # only this client's brief
    assert b"/Subtype /Image" not in out.read_bytes()  # the chart is drawn, not a picture


def test_an_english_handbook_gets_an_english_pack(tmp_path: Path) -> None:
    client = "name: Harbour Coffee\nindustry: fmcg\ntier: A\nstatus: active\nteam:\n  lead: Anna\n"
    root = write_handbook(
        tmp_path / "h", {"harbour.yaml": client}, {"fmcg.yaml": MINIMAL_INDUSTRY}, language="en"
    )
    config = root / "mkdocs.yml"
    label = "  - playbook:\n      audiences:\n        team: {label: The account team}\n"
    config.write_text(config.read_text("utf-8").replace("  - playbook\n", label), "utf-8")
    norms = root / "docs" / "norms"
    norms.mkdir()
    (norms / "index.md").write_text(
        "# House rules\n\nAnswer in time: [Replies](replies.md); ask [Agency](https://agency.example).\n",
        "utf-8",
    )
    (norms / "replies.md").write_text("# Replies\n\nWithin four hours.\n", "utf-8")
    out = tmp_path / "pack.pdf"
    result = run_cli("pdf", "--root", str(root), "--out", str(out))
    assert result.exit_code == 0, result.output
    text = _text(out)
    assert "New colleague's pack" in text and "Contents" in text and "Harbour Coffee" in text
    assert "For: The account team" in text
    pages = _pages(out)
    page = int(re.search(r"Replies \(see page (\d+)\)", text).group(1))
    assert "Replies" in pages[page - 1].splitlines()[1:3]
    assert "Agency (https://agency.example)" in text


def test_hostile_text_is_set_as_text(tmp_path: Path) -> None:
    root = write_handbook(
        tmp_path / "h",
        clients={"hostile.yaml": (FIXTURES / "hostile/clients/hostile.yaml").read_text("utf-8")},
        industries={"hostile.yaml": (FIXTURES / "hostile/industries/hostile.yaml").read_text()},
    )
    out = tmp_path / "brief.pdf"
    result = run_cli("pdf", "--root", str(root), "--client", "hostile", "--out", str(out))
    assert result.exit_code == 0, result.output
    text = _text(out).replace(" ", "")
    assert '<script>alert("pwned")</script>' in text and "{{7*7}}" in text


@pytest.mark.parametrize("problem", ["unknown client", "unwritable", "invalid handbook"])
def test_bad_input_is_said_and_leaves_no_file(tmp_path: Path, problem: str) -> None:
    root = copy_sample(tmp_path / "handbook")
    set_today(root)
    out = tmp_path / "out" / "pack.pdf"
    args = ["pdf", "--root", str(root), "--out", str(out)]
    if problem == "unknown client":
        args += ["--client", "nobody"]
        said = "没有标识为 `nobody` 的客户"
    elif problem == "unwritable":
        (tmp_path / "out").mkdir()
        out.mkdir()  # a folder where the file should go
        said = "无法写入"
    else:
        path = root / "clients/dingsheng-beverage.yaml"
        path.write_text(path.read_text("utf-8").replace("tier: A", "tier: Z"), encoding="utf-8")
        said = "clients/dingsheng-beverage.yaml:"
    result = run_cli(*args)
    assert result.exit_code == 1, result.output
    assert said in result.output and "Traceback" not in result.output
    leftovers = (
        [p for p in (tmp_path / "out").rglob("*") if p.is_file()] if out.parent.exists() else []
    )
    assert leftovers == []


def test_the_site_offers_the_pack_and_each_brief_with_pdf_true(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "handbook")
    set_today(root)
    config = root / "mkdocs.yml"
    marker = "  - playbook:\n      language: zh\n"
    config.write_text(
        config.read_text("utf-8").replace(marker, marker + "      pdf: true\n"), encoding="utf-8"
    )
    result = run_cli("build", "--root", str(root))  # strict: every link must resolve
    assert result.exit_code == 0, result.output
    site = root / "site"
    assert PdfReader(site / "downloads/onboarding-pack.pdf").pages
    week = (site / "onboarding/first-week/index.html").read_text("utf-8")
    assert 'href="../../downloads/onboarding-pack.pdf"' in week
    for entry in load_handbook(root).clients.values():
        brief = site / "downloads/briefs" / f"{entry.id}.pdf"
        assert entry.data.name.replace(" ", "") in _text(brief).replace(" ", ""), entry.id
        page = (site / "accounts" / entry.id / "index.html").read_text("utf-8")
        assert f'href="../../downloads/briefs/{entry.id}.pdf"' in page


def test_every_character_has_a_glyph_in_the_embedded_font(pack: Path, tmp_path: Path) -> None:
    """Typst says nothing when no font has a glyph: fontTools reads the CJK font the pack
    embeds and finds every character the sample, the hostile fixture and the pack hold."""
    from fontTools.ttLib import TTCollection

    from generator.outputs.pdf import font_folders

    files = [p for folder in font_folders() for p in Path(folder).rglob("NotoSansCJK-*.tt[cf]")]
    assert files, "Noto Sans CJK is installed by make test (fonts-noto-cjk)"
    fonts = [f for f in TTCollection(str(files[0])).fonts if "SC" in f["name"].getDebugName(1)]
    covered = set(fonts[0].getBestCmap())
    sources = [*REPO.glob("clients/*.yaml"), *REPO.glob("industries/*.yaml")]
    sources += list((FIXTURES / "hostile").rglob("*.yaml"))
    texts = [p.read_text("utf-8") for p in sources] + [_text(pack)]
    missing = {ch for text in texts for ch in text if not ch.isspace() and ord(ch) not in covered}
    assert missing == set()


def test_the_pdf_never_replaces_a_file_it_did_not_make(tmp_path: Path) -> None:
    """`--out docs/index.md` once replaced a hand-written page with a PDF; and the default
    `site/` the pack makes is one a later `playbook build` may replace."""
    root = copy_sample(tmp_path / "h")
    set_today(root)
    page = root / "docs" / "index.md"
    before = page.read_bytes()
    refused = run_cli("pdf", "--root", str(root), "--client", "huitong-bank", "--out", str(page))
    assert refused.exit_code == 1 and "不是 PDF" in refused.output, refused.output
    assert "Traceback" not in refused.output and page.read_bytes() == before
    made = run_cli("pdf", "--root", str(root), "--client", "huitong-bank")
    assert made.exit_code == 0, made.output
    assert (root / "site" / ".playbook-site").is_file()
    built = run_cli("build", "--root", str(root))
    assert built.exit_code == 0, built.output


def _brief_in_zone(root: Path, out: Path, zone: str, epoch: int) -> bytes:
    """One client's brief made by ``playbook pdf`` in a process of its own, in ``zone``."""
    environment = {**os.environ, "TZ": zone, "SOURCE_DATE_EPOCH": str(epoch)}
    made = subprocess.run(
        [sys.executable, "-m", "generator.cli", "pdf", "--root", str(root),
         "--client", "dingsheng-beverage", "--out", str(out)],
        capture_output=True, text=True, env=environment, cwd=REPO,
    )  # fmt: skip
    assert made.returncode == 0, made.stdout + made.stderr
    return out.read_bytes()


def test_one_epoch_makes_the_same_bytes_in_every_time_zone(tmp_path: Path) -> None:
    """A reproducible build: the PDF's date is the epoch's day in UTC, not the machine's
    local midnight (which put a different /CreationDate in each time zone)."""
    root = copy_sample(tmp_path / "handbook")  # no `today`: SOURCE_DATE_EPOCH sets the day
    # 20:00 UTC on 21 November is already 04:00 on the 22nd in Shanghai
    epoch = int(dt.datetime(2026, 11, 21, 20, tzinfo=dt.UTC).timestamp())
    in_utc = _brief_in_zone(root, tmp_path / "utc.pdf", "UTC", epoch)
    in_shanghai = _brief_in_zone(root, tmp_path / "shanghai.pdf", "Asia/Shanghai", epoch)
    dates = [
        PdfReader(tmp_path / name).metadata["/CreationDate"] for name in ("utc.pdf", "shanghai.pdf")
    ]
    assert dates[0] == dates[1] and dates[0].startswith("D:20261121"), dates
    assert in_utc == in_shanghai


def test_typst_is_told_the_days_utc_midnight_whatever_the_local_zone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The clock Typst is given (its `datetime.today()`, and the PDF's date were the
    document's own left unset) is the build's day at 00:00 UTC: the machine's local midnight
    was 16:00 UTC of the day before in Shanghai."""
    import time

    from generator.outputs.pdf import typst_timestamp

    midnight = int(dt.datetime(2026, 11, 21, tzinfo=dt.UTC).timestamp())
    try:
        for zone in ("UTC", "Asia/Shanghai", "America/Los_Angeles"):
            monkeypatch.setenv("TZ", zone)
            time.tzset()
            assert typst_timestamp(dt.date(2026, 11, 21)) == midnight, zone
    finally:
        monkeypatch.undo()
        time.tzset()


@pytest.fixture
def site_styles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The chart styles read from a stylesheet of the test's own (read afresh, then forgotten)."""
    from generator.outputs import pdf

    def read(css: str) -> str:
        sheet = tmp_path / "playbook.css"
        sheet.write_text(css, encoding="utf-8")
        monkeypatch.setattr(pdf, "_SITE_STYLES", sheet)
        pdf.chart_styles.cache_clear()
        return pdf.chart_styles()

    yield read
    pdf.chart_styles.cache_clear()


def _rules(styles: str) -> dict[str, str]:
    """Each rule of ``styles`` by its selector: its declarations, spaces made single."""
    return {
        " ".join(selector.split()): " ".join(body.split())
        for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", styles)
    }


def test_a_multi_line_chart_rule_reaches_the_pack_whole(site_styles) -> None:
    styles = site_styles(
        "/* a chart rule as a formatter writes it */\n"
        ".pb-bar {\n"
        "  fill: #7986cb;\n"
        "  stroke: var(--md-default-fg-color--light);\n"
        "  stroke-width: 1.5;\n"
        "}\n"
        ".pb-edge,\n"
        ".pb-tick { stroke: var(--md-default-fg-color--lightest); }\n"
        ".pb-filter { display: flex; }\n"
        '[data-md-color-scheme="slate"] .pb-bar { fill: #1a237e; }\n'
        ".pb-svg a:focus-visible,\n"
        ".md-typeset a:focus-visible { outline: 2px solid var(--md-accent-fg-color); }\n"
        "@media print {\n"
        "  .pb-bar { fill: #000; }\n"
        "}\n"
        ".pb-today { stroke: #e53935; }\n"
    )
    rules = _rules(styles)
    assert rules[".pb-bar"] == "fill: #7986cb; stroke: #666666; stroke-width: 1.5;"
    assert rules[".pb-edge, .pb-tick"] == "stroke: #dddddd;"
    assert rules[".pb-today"] == "stroke: #e53935;"
    # not for paper: other rules, the dark scheme, focus rings, the print-only block
    assert set(rules) == {"text", ".pb-bar", ".pb-edge, .pb-tick", ".pb-today"}
    assert "#000" not in styles and "#1a237e" not in styles and "outline" not in styles


def test_the_sites_chart_styles_are_whole_rules() -> None:
    """Every rule the pack takes from the site's stylesheet is closed, and every chart rule
    of the stylesheet is there with all its declarations."""
    from generator.outputs.pdf import _ON_PAPER, _SITE_STYLES, chart_styles

    styles = chart_styles()
    rules = _rules(styles)
    assert re.sub(r"[^{}]+\{[^{}]*\}", "", styles).strip() == ""  # nothing outside a rule
    sheet = re.sub(r"/\*.*?\*/", "", _SITE_STYLES.read_text("utf-8"), flags=re.DOTALL)
    top_level = re.sub(r"@media[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", "", sheet)
    for selector, body in _rules(top_level).items():
        if selector.startswith((".pb-svg", ".pb-edge", ".pb-role", ".pb-bar")):
            if "focus" in selector:
                continue
            for variable, colour in _ON_PAPER.items():
                body = body.replace(variable, colour)
            assert rules[selector] == body, selector


def test_the_cover_says_in_words_what_an_unlabelled_audience_sees() -> None:
    """An audience without a label is named by what it sees, never by its id."""
    from generator.format.labels import Translator
    from generator.outputs.pdf import REDACTED_READERS, _readers
    from generator.reading.redaction import EVERYTHING, Audience

    zh, en = Translator("zh"), Translator("en")
    company = Audience(personal_data=False, confidential=False)
    assert _readers(company, zh) == "同事(不含个人信息、不含保密客户)"
    assert _readers(Audience(clients=("a",)), en) == "colleagues (only some clients)"
    assert _readers(EVERYTHING, zh) == "可以看到全部内容的同事"
    assert _readers(Audience(label="全公司同事", personal_data=False), zh) == "全公司同事"
    assert _readers(REDACTED_READERS, en).startswith("every colleague")
