"""Format 1 of the handbook, as typed classes.

This module is the single source of truth for the format: the loader validates
files against it, the templates receive its objects, and the JSON Schema
(``playbook schema``) is generated from it. What each field means, in every language,
is in the catalogs (msgctxt ``description``, keyed ``Model.field``; ``catalogs.py``).
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
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StringConstraints,
    field_validator,
)
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
    name: Text
    role: str | None = None


class Team(Record):
    lead: Text
    members: list[TeamMember] = []


class Profile(Record):
    background: Markdown | None = None
    headquarters: str | None = None
    size: str | None = None
    website: Url | None = None
    org_structure: Markdown | None = None


class Contact(Record):
    id: Slug
    name: Text
    title: str | None = None
    role: DecisionRole | None = None
    reports_to: Slug | None = None
    channels: list[Channel] = []
    email: str | None = None
    phone: str | None = None
    wechat: str | None = None
    birthday: MonthDay | None = None
    left: dt.date | None = None
    style: Markdown | None = None
    notes: Markdown | None = None


class Competitor(Record):
    name: Text
    notes: Markdown | None = None


class Goal(Record):
    period: Text
    goal: Text


class Business(Record):
    products: list[Text] = []
    positioning: Markdown | None = None
    audiences: list[Text] = []
    competitors: list[Competitor] = []
    goals: list[Goal] = []


class Preferences(Record):
    channels: list[Channel] = []
    cadence: str | None = None
    report_format: str | None = None
    response_time_hours: float | None = Field(default=None, gt=0)
    meeting_style: Markdown | None = None
    decision_style: Markdown | None = None
    creative_appetite: CreativeAppetite | None = None
    likes: list[Text] = []
    taboos: list[Text] = []
    escalation: list[Text] = []


class HistoryEntry(Record):
    date: dt.date
    type: HistoryType | None = None
    summary: Text
    details: Markdown | None = None


class Budget(Record):
    amount: float = Field(ge=0)
    currency: Currency


class Milestone(Record):
    name: Text
    due: dt.date | None = None
    owner: str | None = None
    status: MilestoneStatus | None = None
    deliverable: str | None = None


class Kpi(Record):
    name: Text
    target: float | None = None
    actual: float | None = None
    unit: str | None = None


class Retrospective(Record):
    went_well: list[Text] = []
    to_improve: list[Text] = []
    actions: list[Text] = []


class Project(Record):
    id: Slug
    name: Text
    status: ProjectStatus
    start: dt.date | None = None
    end: dt.date | None = None
    budget: Budget | None = None
    goal: Markdown | None = None
    milestones: list[Milestone] = []
    kpis: list[Kpi] = []
    retrospective: Retrospective | None = None


class Lesson(Record):
    title: Text
    lesson: Markdown
    date: dt.date | None = None
    project: Slug | None = None
    context: Markdown | None = None
    tags: list[Text] = []


class ImportantDate(Record):
    date: dt.date | MonthDay
    title: Text
    kind: DateKind | None = None
    contact: Slug | None = None
    remind: int | None = Field(default=None, ge=0)
    """How many days ahead calendar feeds remind of the date (``care_calendar`` has the
    defaults: 30 for a renewal, 3 for any other date)."""

    @field_validator("remind", mode="before")
    @classmethod
    def _whole_days(cls, value: Any) -> Any:
        # pydantic would read ``true`` as 1 day: a yes/no is no number of days.
        if isinstance(value, bool):
            raise FormatValueError(
                say("not_whole_number", got=say("got_bool", value=str(value).lower()))
            )
        return value


class Review(Record):
    last_reviewed: dt.date | None = None
    owner: str | None = None


class Client(Record):
    """One client account: ``clients/<id>.yaml``."""

    format: Literal[1] = FORMAT_VERSION
    name: Text
    aliases: list[Text] = []
    industry: Slug
    tier: Tier
    status: ClientStatus
    since: dt.date | None = None
    summary: Markdown | None = None
    team: Team
    profile: Profile | None = None
    contacts: list[Contact] = []
    business: Business | None = None
    preferences: Preferences | None = None
    history: list[HistoryEntry] = []
    projects: list[Project] = []
    lessons: list[Lesson] = []
    dates: list[ImportantDate] = []
    review: Review | None = None
    confidential: StrictBool = False


class Industry(Record):
    """One industry note: ``industries/<id>.yaml``."""

    format: Literal[1] = FORMAT_VERSION
    name: Text
    summary: Markdown | None = None
    trends: list[Markdown] = []
    regulations: list[Markdown] = []
    audiences: list[Text] = []
    channels: list[Text] = []
    pitfalls: list[Markdown] = []
    notes: Markdown | None = None


PERSONAL_FIELDS: frozenset[str] = frozenset({"email", "phone", "wechat", "birthday"})
"""Contact fields that redacted builds leave out."""
