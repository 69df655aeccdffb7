"""Format 1 of the handbook, as typed classes.

This module is the single source of truth for the format: the loader validates
files against it, the templates receive its objects, and the JSON Schema
(``playbook schema``) is generated from it. Every field carries a description in
English and in Chinese (``description_zh`` in the schema).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import typing
from enum import Enum
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from babel.numbers import list_currencies
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictBool, StringConstraints
from pydantic.fields import FieldInfo
from pydantic.json_schema import WithJsonSchema

from .wording import Message, say

FORMAT_VERSION = 1

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
SLUG_RE = re.compile(SLUG_PATTERN)
MONTH_DAY_PATTERN = r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
DATE_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
URL_PATTERN = r'^https?://[^\s<>"{}|\\^`]+$'
CURRENCY_PATTERN = r"^[A-Z]{3}$"
_CURRENCIES = frozenset(list_currencies())


def field(en: str, zh: str, **kwargs: Any) -> Any:
    """A model field described in both languages."""
    extra = kwargs.pop("json_schema_extra", {})
    return Field(description=en, json_schema_extra={"description_zh": zh, **extra}, **kwargs)


class FormatValueError(ValueError):
    """A value the format refuses, with the message to show (worded in the reader's language)."""

    def __init__(self, message: Message):
        super().__init__(message.text("en"))
        self.message = message


def _check_month_day(value: str) -> str:
    month, day = (int(part) for part in value.split("-"))
    # 2000 is a leap year, so 02-29 (a real birthday) is accepted.
    if day > calendar.monthrange(2000, month)[1]:
        raise FormatValueError(say("not_a_day", value=value, month=month, day=day))
    return value


def _check_url(value: str) -> str:
    parts = urlsplit(value)
    if (
        parts.scheme not in ("http", "https")
        or not parts.netloc
        or any(char.isspace() or char in '<>"{}|\\^`' for char in value)
    ):
        raise FormatValueError(say("bad_url"))
    return value


def _check_currency(value: str) -> str:
    if value not in _CURRENCIES:
        raise FormatValueError(say("bad_currency", value=value))
    return value


Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
MonthDay = Annotated[
    str, StringConstraints(pattern=MONTH_DAY_PATTERN), AfterValidator(_check_month_day)
]
Url = Annotated[
    str,
    AfterValidator(_check_url),
    WithJsonSchema({"type": "string", "format": "uri", "pattern": URL_PATTERN}),
]
Currency = Annotated[
    str,
    AfterValidator(_check_currency),
    WithJsonSchema({"type": "string", "pattern": CURRENCY_PATTERN}),
]
Text = Annotated[str, StringConstraints(min_length=1)]
MARKDOWN_FORMAT = {"format": "markdown"}
Markdown = Annotated[str, Field(json_schema_extra=MARKDOWN_FORMAT)]
"""Long text that accepts Markdown (emphasis, lists, links); raw HTML still shows as text."""

_CHECK_PATTERNS = {_check_url: URL_PATTERN, _check_currency: CURRENCY_PATTERN}


def text_pattern(annotation: Any) -> str | None:
    """The regular expression every value of a text type matches, if it has one.

    For tools outside the loader (the form editor, schemas): the model's own checks stay
    the authority, a pattern only lets a form refuse a bad value before it is saved.
    """
    for meta in getattr(annotation, "__metadata__", ()):
        pattern = getattr(meta, "pattern", None)
        if isinstance(pattern, str):
            return pattern
        check = getattr(meta, "func", None)
        if check in _CHECK_PATTERNS:
            return _CHECK_PATTERNS[check]
    return None


def is_markdown(info: FieldInfo) -> bool:
    """Whether a field holds :data:`Markdown` text (directly, optional, or in a list)."""
    extra = info.json_schema_extra
    if isinstance(extra, dict) and extra.get("format") == MARKDOWN_FORMAT["format"]:
        return True
    return _annotation_is_markdown(info.annotation)


def _annotation_is_markdown(annotation: Any) -> bool:
    for meta in getattr(annotation, "__metadata__", ()):
        if getattr(meta, "json_schema_extra", None) == MARKDOWN_FORMAT:
            return True
    return any(_annotation_is_markdown(arg) for arg in typing.get_args(annotation))


class Record(BaseModel):
    """Base of every part of the format: unknown keys are errors, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


# --- enumerations -------------------------------------------------------------------------


class Tier(str, Enum):
    A = "A"
    B = "B"
    C = "C"


class ClientStatus(str, Enum):
    prospect = "prospect"
    active = "active"
    paused = "paused"
    former = "former"


class DecisionRole(str, Enum):
    decision_maker = "decision_maker"
    influencer = "influencer"
    champion = "champion"
    gatekeeper = "gatekeeper"
    user = "user"
    blocker = "blocker"


class Channel(str, Enum):
    email = "email"
    phone = "phone"
    wechat = "wechat"
    meeting = "meeting"
    im = "im"


class CreativeAppetite(str, Enum):
    conservative = "conservative"
    balanced = "balanced"
    bold = "bold"


class HistoryType(str, Enum):
    news = "news"
    personnel = "personnel"
    market = "market"
    feedback = "feedback"
    milestone = "milestone"


class ProjectStatus(str, Enum):
    planned = "planned"
    active = "active"
    done = "done"
    cancelled = "cancelled"


class MilestoneStatus(str, Enum):
    todo = "todo"
    done = "done"
    late = "late"


class DateKind(str, Enum):
    birthday = "birthday"
    anniversary = "anniversary"
    holiday = "holiday"
    renewal = "renewal"
    other = "other"


# --- client parts --------------------------------------------------------------------------


class TeamMember(Record):
    name: Text = field("Name of the colleague.", "同事姓名。")
    role: str | None = field("What they do on the account.", "在该客户上的职责。", default=None)


class Team(Record):
    lead: Text = field("Our account lead (owner of the relationship).", "我方客户负责人。")
    members: list[TeamMember] = field(
        "The rest of our team on the account.", "我方服务该客户的其他成员。", default=[]
    )


class Profile(Record):
    background: Markdown | None = field("Company background.", "公司背景。", default=None)
    headquarters: str | None = field("Where the head office is.", "总部所在地。", default=None)
    size: str | None = field("Company size, in words.", "公司规模。", default=None)
    website: Url | None = field(
        "Company website (http or https).", "公司官网(http 或 https)。", default=None
    )
    org_structure: Markdown | None = field(
        "How the client is organised, as far as it matters to us.",
        "客户的组织架构(与我方合作相关的部分)。",
        default=None,
    )


class Contact(Record):
    id: Slug = field(
        "Key of this person, unique within the client.", "联系人标识,在同一客户内唯一。"
    )
    name: Text = field("Full name.", "姓名。")
    title: str | None = field("Job title.", "职务。", default=None)
    role: DecisionRole | None = field(
        "Place in the decision chain.", "在决策链中的角色。", default=None
    )
    reports_to: Slug | None = field(
        "Id of the contact this person reports to (same client).",
        "直属上级的联系人标识(同一客户)。",
        default=None,
    )
    channels: list[Channel] = field(
        "Preferred ways to reach this person, most preferred first.",
        "偏好的沟通渠道,最常用的在前。",
        default=[],
    )
    email: str | None = field(
        "Email address (personal data).", "电子邮箱(个人信息)。", default=None
    )
    phone: str | None = field("Phone number (personal data).", "电话(个人信息)。", default=None)
    wechat: str | None = field("WeChat id (personal data).", "微信号(个人信息)。", default=None)
    birthday: MonthDay | None = field(
        'Birthday as "MM-DD", e.g. 05-20 (personal data).',
        "生日,写成“月-日”,如 05-20(个人信息)。",
        default=None,
    )
    left: dt.date | None = field(
        "The day they left the client's company: from then on their personal data is left "
        "out of every build, and the health page asks for it to be removed.",
        "此人离开客户公司的日期:此后每次构建都不再包含其个人信息,健康检查页会提醒删除。",
        default=None,
    )
    style: Markdown | None = field(
        "How this person communicates and decides.", "此人的沟通与决策风格。", default=None
    )
    notes: Markdown | None = field("Anything else worth knowing.", "其他备注。", default=None)


class Competitor(Record):
    name: Text = field("Competitor's name.", "竞争对手名称。")
    notes: Markdown | None = field("What we know about them.", "相关备注。", default=None)


class Goal(Record):
    period: Text = field("The period, e.g. 2026 or 2026-H2.", "时间段,如 2026 或 2026 下半年。")
    goal: Text = field("What the client wants to achieve in it.", "客户在该时段的目标。")


class Business(Record):
    products: list[Text] = field("Core products or services.", "核心产品或服务。", default=[])
    positioning: Markdown | None = field("Market positioning.", "市场定位。", default=None)
    audiences: list[Text] = field("Target audiences.", "目标受众。", default=[])
    competitors: list[Competitor] = field("Main competitors.", "主要竞争对手。", default=[])
    goals: list[Goal] = field("Marketing goals by period.", "各时期的营销目标。", default=[])


class Preferences(Record):
    channels: list[Channel] = field(
        "The account's default channels, most preferred first.",
        "客户默认的沟通渠道,最常用的在前。",
        default=[],
    )
    cadence: str | None = field(
        "Rhythm of contact, e.g. weekly status call, Monday 10:00.",
        "沟通节奏,如每周一 10:00 例会。",
        default=None,
    )
    report_format: str | None = field("How reports must look.", "报告格式要求。", default=None)
    response_time_hours: float | None = field(
        "The reply time we promise, in hours (more than 0).",
        "我方承诺的回复时限(小时,大于 0)。",
        default=None,
        gt=0,
    )
    meeting_style: Markdown | None = field(
        "How meetings with them go best.", "会议风格。", default=None
    )
    decision_style: Markdown | None = field("How they reach decisions.", "决策风格。", default=None)
    creative_appetite: CreativeAppetite | None = field(
        "How much creative risk they accept.", "对创意的接受程度。", default=None
    )
    likes: list[Text] = field("What has worked with them.", "已被验证有效的做法。", default=[])
    taboos: list[Text] = field(
        "What must never be done or said.", "绝对不能做或说的事(禁忌)。", default=[]
    )
    escalation: list[Text] = field(
        "Who to go to when things go wrong, in order.", "出现问题时的升级路径,按顺序。", default=[]
    )


class HistoryEntry(Record):
    date: dt.date = field("When it happened (YYYY-MM-DD).", "发生日期(YYYY-MM-DD)。")
    type: HistoryType | None = field("Kind of event.", "事件类型。", default=None)
    summary: Text = field("One line on what happened.", "一句话概述。")
    details: Markdown | None = field("More detail.", "详细说明。", default=None)


class Budget(Record):
    amount: float = field("Amount (0 or more).", "金额(不小于 0)。", ge=0)
    currency: Currency = field("ISO 4217 currency code, e.g. CNY.", "ISO 4217 货币代码,如 CNY。")


class Milestone(Record):
    name: Text = field("What is to be reached.", "里程碑名称。")
    due: dt.date | None = field("Due date.", "截止日期。", default=None)
    owner: str | None = field("Who is responsible.", "负责人。", default=None)
    status: MilestoneStatus | None = field(
        "todo, done or late.", "里程碑目前的状态。", default=None
    )
    deliverable: str | None = field("What is handed over.", "交付物。", default=None)


class Kpi(Record):
    name: Text = field("What is measured.", "指标名称。")
    target: float | None = field("Target value.", "目标值。", default=None)
    actual: float | None = field(
        "Value reached; leave out while unknown.", "实际值,未知时不填。", default=None
    )
    unit: str | None = field("Unit, e.g. % or 万次.", "单位,如 % 或 万次。", default=None)


class Retrospective(Record):
    went_well: list[Text] = field("What went well.", "做得好的地方。", default=[])
    to_improve: list[Text] = field("What to do better.", "需要改进的地方。", default=[])
    actions: list[Text] = field("Agreed follow-up actions.", "后续行动。", default=[])


class Project(Record):
    id: Slug = field("Key of the project, unique within the client.", "项目标识,在同一客户内唯一。")
    name: Text = field("Project name.", "项目名称。")
    status: ProjectStatus = field("planned, active, done or cancelled.", "项目目前的状态。")
    start: dt.date | None = field("First day.", "开始日期。", default=None)
    end: dt.date | None = field(
        "Last day; not before start.", "结束日期,不能早于开始日期。", default=None
    )
    budget: Budget | None = field("Budget.", "预算。", default=None)
    goal: Markdown | None = field("What the project must achieve.", "项目目标。", default=None)
    milestones: list[Milestone] = field("Milestones.", "里程碑。", default=[])
    kpis: list[Kpi] = field("Key performance indicators.", "关键绩效指标(KPI)。", default=[])
    retrospective: Retrospective | None = field(
        "What we learned at the end.", "项目复盘。", default=None
    )


class Lesson(Record):
    title: Text = field("The lesson in a few words.", "经验标题。")
    lesson: Markdown = field(
        "What we learned and what to do next time.", "经验内容,以及下次该怎么做。"
    )
    date: dt.date | None = field("When we learned it.", "日期。", default=None)
    project: Slug | None = field(
        "Id of the project it came from (same client).", "来源项目的标识(同一客户)。", default=None
    )
    context: Markdown | None = field("What happened.", "背景经过。", default=None)
    tags: list[Text] = field("Keywords for finding it again.", "便于检索的标签。", default=[])


class ImportantDate(Record):
    date: dt.date | MonthDay = field(
        "YYYY-MM-DD for a one-off date, MM-DD for a yearly one.",
        "一次性的日期写 年-月-日(如 2026-05-20),每年重复的日期写 月-日(如 05-20)。",
    )
    title: Text = field("What the date is.", "日期说明。")
    kind: DateKind | None = field("Kind of date.", "日期类型。", default=None)
    contact: Slug | None = field(
        "Id of the contact it concerns (same client).", "相关联系人的标识(同一客户)。", default=None
    )


class Review(Record):
    last_reviewed: dt.date | None = field(
        "When the page was last checked.", "最近一次复核日期。", default=None
    )
    owner: str | None = field("Who keeps this page up to date.", "负责维护本页的人。", default=None)


class Client(Record):
    """One client account: ``clients/<id>.yaml``."""

    format: Literal[1] = field(
        "Format version of this file; 1 (the default) is the only one today.",
        "文件格式版本;目前只有 1(默认)。",
        default=FORMAT_VERSION,
    )
    name: Text = field("Display name.", "客户显示名称。")
    aliases: list[Text] = field(
        "Other names: English name, abbreviations (searchable).",
        "其他名称:英文名、简称等(可检索)。",
        default=[],
    )
    industry: Slug = field(
        "Id of an industry file in industries/.", "industries/ 中某个行业文件的标识。"
    )
    tier: Tier = field("Strategic importance: A (most), B or C.", "战略重要性:A 级最高,C 级最低。")
    status: ClientStatus = field("prospect, active, paused or former.", "目前的合作状态。")
    since: dt.date | None = field("First day of cooperation.", "开始合作的日期。", default=None)
    summary: Markdown | None = field(
        "The one-paragraph brief a new hire reads first.",
        "新同事首先要读的一段简介。",
        default=None,
    )
    team: Team = field("Our team on the account.", "我方服务团队。")
    profile: Profile | None = field("Company profile.", "公司概况。", default=None)
    contacts: list[Contact] = field("The client's people.", "客户方联系人。", default=[])
    business: Business | None = field("The client's business.", "客户业务。", default=None)
    preferences: Preferences | None = field(
        "How this client wants to be worked with.", "客户偏好的合作方式。", default=None
    )
    history: list[HistoryEntry] = field(
        "Dynamic tracking: what happened when.", "动态跟踪记录。", default=[]
    )
    projects: list[Project] = field("Projects with this client.", "合作项目。", default=[])
    lessons: list[Lesson] = field("Lessons learned.", "经验教训。", default=[])
    dates: list[ImportantDate] = field("Important dates.", "重要日期。", default=[])
    review: Review | None = field(
        "When this page was last reviewed, and by whom.", "本页的复核信息。", default=None
    )
    confidential: StrictBool = field(
        "Leave this client out of redacted builds: true or false.",
        "保密客户:在脱敏构建中不出现。填 true(是)或 false(否)。",
        default=False,
    )


class Industry(Record):
    """One industry note: ``industries/<id>.yaml``."""

    format: Literal[1] = field(
        "Format version of this file; 1 (the default) is the only one today.",
        "文件格式版本;目前只有 1(默认)。",
        default=FORMAT_VERSION,
    )
    name: Text = field("Industry name.", "行业名称。")
    summary: Markdown | None = field(
        "What this industry is like for us.", "行业概述。", default=None
    )
    trends: list[Markdown] = field("Current trends.", "行业趋势。", default=[])
    regulations: list[Markdown] = field(
        "Rules that constrain advertising.", "相关法规与广告限制。", default=[]
    )
    audiences: list[Text] = field("Typical audiences.", "典型受众。", default=[])
    channels: list[Text] = field("Channels that work.", "常用传播渠道。", default=[])
    pitfalls: list[Markdown] = field("Mistakes to avoid.", "常见误区。", default=[])
    notes: Markdown | None = field("Anything else.", "其他备注。", default=None)


PERSONAL_FIELDS: frozenset[str] = frozenset({"email", "phone", "wechat", "birthday"})
"""Contact fields that redacted builds leave out."""

# Short examples for the format reference, by "Model.field"; fields of other types get
# an example from their type (a date, an id, an allowed value).
FIELD_EXAMPLES: dict[str, str] = {
    "Client.name": "鼎盛饮料集团",
    "Client.aliases": '["Dingsheng Beverage", "DSB"]',
    "Client.summary": "华东的区域饮料集团,重视终端动销数据。",
    "TeamMember.name": "周航",
    "TeamMember.role": "客户经理",
    "Team.lead": "林晓雯",
    "Profile.background": "1998 年从罐装厂起家。",
    "Profile.headquarters": "杭州",
    "Profile.size": "约 6,000 人",
    "Profile.org_structure": "市场中心下设品牌部和渠道市场部。",
    "Contact.name": "蒋思琪",
    "Contact.title": "市场中心总经理",
    # Personal-data examples are deliberately nobody's (redacted builds still show them).
    "Contact.email": "name@client.example",
    "Contact.phone": '"+86 21 5555 0000"',
    "Contact.wechat": "wechat-id",
    "Contact.style": "看重结论和数字,会议只给 30 分钟。",
    "Contact.notes": "12 月分配下一年预算。",
    "Competitor.name": "清源饮品",
    "Competitor.notes": "价格更低,铺货更广。",
    "Goal.period": '"2026"',
    "Goal.goal": "便利店份额提升到 15%",
    "Business.products": '["冷泡茶", "气泡水"]',
    "Business.positioning": "平价健康饮品。",
    "Business.audiences": '["城市白领", "大学生"]',
    "Preferences.cadence": "每周一 10:00 例会",
    "Preferences.report_format": "PPT,先结论后数据",
    "Preferences.meeting_style": "会前一天发议程。",
    "Preferences.decision_style": "总监认可后由总经理拍板。",
    "Preferences.likes": '["用动销数据证明效果"]',
    "Preferences.taboos": '["不要提及竞品名称"]',
    "Preferences.escalation": '["客户经理", "客户总监"]',
    "HistoryEntry.summary": "新任数字营销经理到岗",
    "HistoryEntry.details": "来自互联网平台,对数据要求更细。",
    "Project.name": "2026 夏季战役",
    "Project.goal": "铺货率和动销同时拉起来。",
    "Milestone.name": "创意提案通过",
    "Milestone.owner": "马骁",
    "Milestone.deliverable": "主 KV 与脚本",
    "Kpi.name": "便利店铺货率",
    "Kpi.unit": "%",
    "Retrospective.went_well": '["短视频超额完成"]',
    "Retrospective.to_improve": '["物料排期太紧"]',
    "Retrospective.actions": '["物料至少预留四周"]',
    "Lesson.title": "终端物料要倒推四周排期",
    "Lesson.lesson": "提案时就把物料定稿日写进排期。",
    "Lesson.context": "冰柜贴晚到,错过五一档期。",
    "Lesson.tags": '["排期", "快消"]',
    "ImportantDate.title": "合作周年",
    "Review.owner": "林晓雯",
    "Industry.name": "快速消费品",
    "Industry.summary": "购买决策快、复购频繁。",
    "Industry.trends": '["即时零售改变货架逻辑"]',
    "Industry.regulations": '["禁止使用绝对化用语"]',
    "Industry.audiences": '["城市年轻人"]',
    "Industry.channels": '["短视频平台"]',
    "Industry.pitfalls": '["只看曝光不看动销"]',
    "Industry.notes": "跨品牌案例分享前先确认可否公开。",
}
