"""Write a synthetic handbook of N clients: realistic size and shape, deterministic.

Every section of the format is used; text mixes Chinese and English. The same N and
seed always give the same bytes, so runs can be compared.

    python bench/synthetic.py 1000 /tmp/handbook-1000
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
INDUSTRIES = ["fmcg", "automotive", "consumer-electronics", "finance"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红"
BRANDS_ZH = [
    "鼎盛",
    "华彩",
    "远航",
    "星河",
    "青峰",
    "绿野",
    "汇通",
    "安信",
    "瑞丰",
    "嘉禾",
    "永安",
    "新锐",
    "卓越",
    "恒信",
    "天成",
    "晨光",
]
SUFFIX_ZH = ["饮料集团", "汽车", "科技", "银行", "保险", "乳业", "食品", "电器", "家居", "零售"]
BRANDS_EN = [
    "Boreas",
    "Bluepeak",
    "Lumen",
    "Orchid",
    "Harbor",
    "Summit",
    "Cedar",
    "Atlas",
    "Nimbus",
    "Vertex",
]
SUFFIX_EN = ["Motors", "Audio", "Foods", "Labs", "Retail", "Bank"]
CITIES = [
    "苏州",
    "杭州",
    "上海",
    "深圳",
    "广州",
    "成都",
    "武汉",
    "南京",
    "天津",
    "重庆",
    "西安",
    "青岛",
    "厦门",
    "宁波",
    "长沙",
    "合肥",
]
BRAND_CHARS = "德信华彩远航星河青峰绿野汇通安瑞丰嘉禾永新锐卓越恒天成晨光金鼎盛宏泰隆昌美达"
SECTORS = ["银行", "保险", "饮料", "乳业", "食品", "电器", "家居", "汽车", "科技", "医药", "物流"]
LEGAL = ["股份有限公司", "有限公司", "集团有限公司", "集团"]
PHRASES = [
    "客户重视终端动销数据,提案先讲结论再讲创意。",
    "决策链较长,方案需要经过品牌、产品和法务三轮审核。",
    "Prefers short written updates that can be forwarded to headquarters.",
    "对新渠道持开放态度,但预算审批非常严格。",
    "Likes bold ideas backed by a small pilot first.",
    "周报中的数据口径必须与客户后台保持一致。",
    "年度预算在十二月确定,十一月中旬前需要提交复盘。",
]
TAGS = ["排期", "合规", "决策链", "创意", "预算", "渠道", "复盘", "保密", "media", "pitch"]


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))


def _text(rng: random.Random, sentences: int) -> str:
    return "".join(rng.choice(PHRASES) for _ in range(sentences))


def _date(rng: random.Random, start: int = 2022, end: int = 2027) -> dt.date:
    return dt.date(rng.randint(start, end), rng.randint(1, 12), rng.randint(1, 28))


def _company(index: int, rng: random.Random) -> tuple[str, list[str]]:
    """A company name as registered (苏州德信银行股份有限公司) and the aliases people use.

    Names repeat their parts across clients, as real ones do (two 德信 in two cities);
    the index, spelled into the brand, keeps every full name unique.
    """
    if index % 7 == 0:
        name = f"{rng.choice(BRANDS_EN)} {rng.choice(SUFFIX_EN)} {index}"
        return name, [f"{rng.choice(BRANDS_ZH)}{rng.choice(SUFFIX_ZH)}{index}号", f"C{index}"]
    first, second = divmod(index, len(BRAND_CHARS))
    brand = BRAND_CHARS[first % len(BRAND_CHARS)] + BRAND_CHARS[second]
    city = CITIES[(index // len(BRAND_CHARS) ** 2 + index) % len(CITIES)]
    sector = rng.choice(SECTORS)
    name = f"{city}{brand}{sector}{rng.choice(LEGAL)}"
    if first >= len(BRAND_CHARS):  # beyond 33 × 33 brands: a number, as 第二 branches have
        name = f"{city}{brand}{sector}{first // len(BRAND_CHARS) + 1}号{rng.choice(LEGAL)}"
    return name, [f"{brand}{sector}", f"{rng.choice(BRANDS_EN)} {brand}{index}"]


def client(index: int, rng: random.Random) -> dict:
    name, aliases = _company(index, rng)
    contacts = []
    for c in range(rng.randint(3, 5)):
        contact = {
            "id": f"c{c}",
            "name": _name(rng),
            "title": rng.choice(["市场总监", "品牌经理", "采购经理", "CMO", "数字营销经理"]),
            "role": ["decision_maker", "champion", "influencer", "gatekeeper", "blocker"][c % 5],
            "channels": rng.sample(["email", "phone", "wechat", "meeting", "im"], 2),
            "email": f"person{c}@client{index}.example.com",
            "phone": f"+86 21 {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}",
            "birthday": f"{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "style": _text(rng, 1),
        }
        if c:
            contact["reports_to"] = "c0"
        contacts.append(contact)
    start = _date(rng, 2024, 2026)
    projects = [
        {
            "id": f"p{p}",
            "name": f"{name} 项目 {p + 1}",
            "status": ["done", "active", "planned"][p % 3],
            "start": start,
            "end": start + dt.timedelta(days=rng.randint(60, 300)),
            "budget": {"amount": rng.randint(10, 500) * 10000, "currency": "CNY"},
            "goal": _text(rng, 1),
            "milestones": [
                {
                    "name": f"里程碑 {m + 1}",
                    "due": start + dt.timedelta(days=30 * (m + 1)),
                    "owner": _name(rng),
                    "status": rng.choice(["todo", "done", "late"]),
                    "deliverable": "方案与报告",
                }
                for m in range(3)
            ],
            "kpis": [
                {
                    "name": "曝光量",
                    "target": 5000,
                    "actual": rng.randint(3000, 7000),
                    "unit": "万次",
                },
                {"name": "转化率", "target": 3.5, "unit": "%"},
            ],
            "retrospective": {
                "went_well": [_text(rng, 1)],
                "to_improve": [_text(rng, 1)],
                "actions": [_text(rng, 1)],
            },
        }
        for p in range(2)
    ]
    return {
        "name": name,
        "aliases": aliases,
        "industry": INDUSTRIES[index % len(INDUSTRIES)],
        "tier": "ABC"[index % 3],
        "status": ["active", "active", "paused", "prospect", "former"][index % 5],
        "since": _date(rng, 2015, 2024),
        "summary": _text(rng, 3),
        "team": {
            "lead": _name(rng),
            "members": [
                {"name": _name(rng), "role": "客户经理"},
                {"name": _name(rng), "role": "策略"},
            ],
        },
        "profile": {
            "background": _text(rng, 2),
            "headquarters": rng.choice(["上海", "杭州", "深圳"]),
            "size": "约 3,000 人",
            "website": f"https://client{index}.example.com",
            "org_structure": _text(rng, 1),
        },
        "contacts": contacts,
        "business": {
            "products": ["主力产品", "新品线"],
            "positioning": _text(rng, 1),
            "audiences": ["城市白领", "年轻家庭"],
            "competitors": [{"name": f"竞品{k}", "notes": _text(rng, 1)} for k in range(2)],
            "goals": [{"period": "2026", "goal": "市场份额提升 3 个百分点"}],
        },
        "preferences": {
            "channels": ["meeting", "email"],
            "cadence": "每周一 10:00 例会",
            "report_format": "PPT,先结论后数据",
            "response_time_hours": rng.choice([2, 4, 8, 24]),
            "meeting_style": _text(rng, 1),
            "decision_style": _text(rng, 1),
            "creative_appetite": rng.choice(["conservative", "balanced", "bold"]),
            "likes": ["数据说话", "小步试点"],
            "taboos": ["不要提及竞品名称", "不要越级沟通"],
            "escalation": ["客户经理", "客户总监", "业务副总裁"],
        },
        "history": [
            {
                "date": _date(rng),
                "type": rng.choice(["news", "personnel", "feedback"]),
                "summary": _text(rng, 1),
                "details": _text(rng, 1),
            }
            for _ in range(3)
        ],
        "projects": projects,
        "lessons": [
            {
                "title": f"经验 {k + 1}",
                "lesson": _text(rng, 2),
                "date": _date(rng),
                "project": "p0",
                "context": _text(rng, 1),
                "tags": rng.sample(TAGS, 2),
            }
            for k in range(2)
        ],
        "dates": [
            {
                "date": f"{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "title": "合作周年",
                "kind": "anniversary",
            },
            {
                "date": _date(rng, 2026, 2027),
                "title": "合同续约",
                "kind": "renewal",
                "contact": "c0",
            },
        ],
        "review": {"last_reviewed": _date(rng, 2026, 2026), "owner": _name(rng)},
        "confidential": index % 10 == 0,
    }


class _Written(yaml.SafeDumper):
    """Files as a person writes them: PyYAML would mark a value used twice with an
    anchor and an alias (``&id001``/``*id001``), which no account manager writes."""

    def ignore_aliases(self, data: object) -> bool:
        return True


SAMPLE = ("mkdocs.yml", "docs", "clients", "industries", "templates")


def timed_playbook(*args: str, **env: str) -> float:
    """Wall seconds of one `playbook` command in a fresh process (as a person waits for it)."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "generator.cli", *args],
        check=True,
        capture_output=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
    )
    return time.perf_counter() - started


def copy_sample(target: Path) -> Path:
    """A copy of the repository's sample handbook (without any built site)."""
    target.mkdir(parents=True, exist_ok=True)
    for name in SAMPLE:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy(source, target / name)
    return target


def write_handbook(target: Path, count: int, seed: int = 1) -> Path:
    """A complete handbook folder: the sample's mkdocs.yml, docs/ and industries/, N clients."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(REPO / "docs", target / "docs")
    shutil.copytree(REPO / "industries", target / "industries")
    (target / "clients").mkdir()
    rng = random.Random(seed)
    for index in range(count):
        data = client(index, rng)
        text = yaml.dump(data, Dumper=_Written, allow_unicode=True, sort_keys=False, width=100)
        (target / "clients" / f"client-{index:05d}.yaml").write_text(text, encoding="utf-8")
    return target


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(f"/tmp/playbook-bench-{n}")
    write_handbook(out, n)
    print(f"wrote {n} clients to {out}")
