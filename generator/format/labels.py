"""Every label the generated pages show, in Chinese and English.

Templates never hold words of their own: they use ``label.key`` (or ``t("key", **values)``)
for a label and ``value | te`` for an allowed value of the format.
"""

from __future__ import annotations

import functools
from enum import Enum
from types import SimpleNamespace

LANGUAGES = ("zh", "en")

LABELS: dict[str, tuple[str, str]] = {
    # navigation and index pages
    "accounts": ("客户", "Accounts"),
    "accounts_intro": (
        "全部客户档案,按战略等级分组。点击名称查看详情。",
        "Every client account, grouped by tier. Open a name for the full profile.",
    ),
    "industries": ("行业", "Industries"),
    "industries_intro": (
        "各行业的笔记,以及我们在该行业服务的客户。",
        "Notes on each industry, and the accounts we serve in it.",
    ),
    "tier_group": ("{tier} 级客户", "Tier {tier} accounts"),
    "no_clients": ("暂无客户。", "No accounts yet."),
    "client_count": ("客户数", "Accounts"),
    # a client at a glance
    "glance": ("一览", "At a glance"),
    "list_sep": ("、", ", "),
    "glance_deciders": ("拍板的人", "Who decides"),
    "glance_blockers": ("可能反对的人", "Who may block"),
    "glance_reach": ("怎么联系", "How to reach them"),
    "glance_reply": ("{hours} 小时内回复", "reply within {hours} h"),
    "glance_projects": ("进行中的项目", "Running projects"),
    "glance_next": ("下一个里程碑", "next milestone"),
    "glance_no_next": ("没有待完成的里程碑", "no open milestone"),
    "glance_overdue": ("已过期", "overdue"),
    "glance_next_date": ("下一个关怀日期", "Next care date"),
    "glance_in_days": ("{days} 天后", "in {days} days"),
    "glance_today": ("今天", "today"),
    "glance_attention": ("需要处理", "Needs attention"),
    # results across accounts
    "results": ("各客户的成果", "Results across accounts"),
    "results_intro": (
        "所有项目的 KPI 目标与实际值:同时有目标值和实际值的 KPI 才计入,实际值达到目标即算达成"
        "(格式里没有“越低越好”,成本类 KPI 低于目标会算作未达成)。项目按结束年份(没有则按开始年份)"
        "归入年份,标签来自从该项目总结出的经验。",
        "KPI targets against actuals across all projects: a KPI counts when it has both, and is met "
        'when the actual reaches the target (the format has no "lower is better": a cost KPI under '
        "its target reads as missed). A project's year is the year it ended (else started); its "
        "tags are those of the lessons drawn from it.",
    ),
    "results_by_industry": ("按行业的 KPI 达成率", "KPI hit rate by industry"),
    "results_by_year": ("按年份的 KPI 达成率", "KPI hit rate by year"),
    "results_by_tag": ("按经验标签的 KPI 达成率", "KPI hit rate by lesson tag"),
    "results_group": ("分组", "Group"),
    "results_measured": ("已衡量的 KPI", "KPIs measured"),
    "results_met": ("达成", "Met"),
    "results_rate": ("达成率", "Hit rate"),
    "results_budgets": ("按行业和年份的预算", "Budgets by industry and year"),
    "results_year": ("年份", "Year"),
    "results_projects": ("{what}:各组的项目", "{what}: the projects of each group"),
    "results_projects_intro": (
        "成果页上每个数字背后的项目,逐组列出。",
        "The projects behind each number of the results page, group by group.",
    ),
    "results_project_kpis": ("{met}/{measured} 个 KPI 达成", "{met} of {measured} KPIs met"),
    "results_chart": (
        "{what}:每一行是达成目标的 KPI 所占比例",
        "{what}: the share of KPIs that met their target",
    ),
    # our own team
    "team_intro": (
        "我方每位同事负责和参与的客户、手上未完成的里程碑,以及需要他们处理的档案问题。",
        "Every colleague of ours: the accounts they lead and serve, their open milestones, and "
        "the handbook items waiting for them.",
    ),
    "team_single": ("只有一个人跟进的客户", "Accounts with one person on them"),
    "team_single_intro": (
        "这些合作中的客户只有一位同事在跟进:一旦此人休假或离职,客户关系就没有人接手。",
        "Active accounts that only one of us works on: if that person is away or leaves, "
        "nobody else knows the client.",
    ),
    "team_busiest": ("负担最重的同事", "Who carries the most"),
    "team_everyone": ("全部同事", "Everyone"),
    "team_accounts": ("客户数", "Accounts"),
    "team_open_milestones": ("未完成的里程碑", "Open milestones"),
    "team_overdue": ("已过期", "Overdue"),
    "team_leads": ("负责的客户", "Leads"),
    "team_serves": ("参与的客户", "Serves"),
    "team_health": ("待处理的档案问题", "Handbook items to act on"),
    "team_none": ("无。", "None."),
    # what is coming up (home page, calendar page)
    "upcoming_title": ("接下来 {days} 天", "The next {days} days"),
    "upcoming_as_of": ("截至 {date}", "As of {date}"),
    "upcoming_none": (
        "接下来 {days} 天没有关怀日期或里程碑。",
        "No care dates or milestones in the next {days} days.",
    ),
    # the form editor (admin/)
    "editor_title": ("编辑手册", "Edit the handbook"),
    "editor_client": ("客户", "Client"),
    "editor_clients_intro": (
        "每个客户一份档案。保存前会按手册格式检查,有问题时会指出具体位置。",
        "One file per client. Every save is checked against the handbook's format first; "
        "a problem is shown with where to fix it.",
    ),
    "editor_item": ("条目", "Item"),
    "editor_noscript": ("编辑器需要启用 JavaScript。", "The editor needs JavaScript."),
    "editor_unconnected": (
        "本站的编辑器尚未连接到团队的 Git 服务器。在本机运行 playbook serve 后打开 /admin/ 即可编辑;"
        "连接 GitLab 等服务器的步骤见编辑指南。",
        "This site's editor is not connected to the team's git server yet. Run playbook "
        "serve on your computer and open /admin/ to edit; the editing guide shows how to "
        "connect GitLab or another server.",
    ),
    "editor_guide_link": ("编辑指南", "Editing guide"),
    "editor_open": ("在编辑器中修改", "Edit in the form editor"),
    # the searchbox in the header (Pagefind's, with these words)
    "search_placeholder": ("搜索客户、联系人、经验", "Search accounts, people, lessons"),
    "search_label": ("搜索本手册", "Search the handbook"),
    "search_results": ("搜索结果", "Search results"),
    "search_zero": ("没有找到与“[SEARCH_TERM]”相关的内容", "Nothing found for “[SEARCH_TERM]”"),
    "search_one": ("找到 [COUNT] 个页面", "[COUNT] page found"),
    "search_many": ("找到 [COUNT] 个页面", "[COUNT] pages found"),
    "search_total_zero": ("没有结果", "No results"),
    "search_total_one": ("[COUNT] 个结果", "[COUNT] result"),
    "search_total_many": ("[COUNT] 个结果", "[COUNT] results"),
    "search_searching": ("正在搜索“[SEARCH_TERM]”…", "Searching for “[SEARCH_TERM]”…"),
    "search_navigate": ("上下选择", "move"),
    "search_select": ("打开", "open"),
    "search_clear": ("清除", "clear"),
    "search_close": ("关闭", "close"),
    "search_search": ("搜索", "search"),
    "search_failed": ("搜索出错,请刷新页面再试", "Search failed; reload the page and try again"),
    "search_hint": ("输入时即显示结果", "Results show as you type"),
    "search_loading": ("加载中", "Loading"),
    "editor_required_in_part": (
        "(填写本部分时必填)",
        "(required when this part is filled in)",
    ),
    "editor_pattern_id": (
        "只能用小写英文字母、数字和连字符,以字母或数字开头(如 zhang-san)",
        "lowercase letters a-z, digits and hyphens, starting with a letter or digit (e.g. zhang-san)",
    ),
    "editor_id_hint": (
        "按名称的拼音自动生成,可以修改;它是页面的地址,保存后不再改变",
        "made from the name (Chinese as pinyin); you can change it. It is the page's address "
        "and stays the same after the first save",
    ),
    "editor_id_kept": (
        "这是页面的地址,改名称不会改变它",
        "the page's address; renaming the entry does not change it",
    ),
    "editor_id_taken": (
        "已有条目使用这个标识,保存时会自动加上编号",
        "another entry has this id: a number will be added when it is saved",
    ),
    "editor_item_id_hint": (
        "留空则保存时按名称的拼音生成(如 陈静 → chen-jing)",
        "leave empty to have it made from the name when saved (e.g. Chen Jing → chen-jing)",
    ),
    "editor_industry_hint": (
        "输入几个字即可从已有的行业中选择",
        "type a few letters to choose one of the handbook's industries",
    ),
    "editor_lines_hint": ("每行一项", "one per line"),
    "editor_today": ("今天", "Today"),
    "editor_clear_date": ("清除", "Clear"),
    "editor_not_saved": ("尚未保存", "Not saved yet"),
    "editor_pattern_month_day": ("格式为 MM-DD,如 05-20", "written MM-DD, e.g. 05-20"),
    "editor_pattern_date_or_month_day": (
        "一次性的日期写 年-月-日(如 2026-05-20),每年重复的写 月-日(如 05-20)",
        "YYYY-MM-DD for a one-off date, MM-DD for a yearly one",
    ),
    "editor_pattern_url": (
        "以 http:// 或 https:// 开头的网址",
        "a web address starting with http:// or https://",
    ),
    "editor_pattern_currency": (
        "三个大写字母的货币代码,如 CNY、USD",
        "a three-letter currency code in capitals, e.g. CNY, USD",
    ),
    # client table columns
    "name": ("名称", "Name"),
    "industry": ("行业", "Industry"),
    "tier": ("等级", "Tier"),
    "status": ("状态", "Status"),
    "lead": ("客户负责人", "Account lead"),
    "last_reviewed": ("最近复核", "Last reviewed"),
    "never": ("从未", "never"),
    # client page sections
    "overview": ("概览", "Overview"),
    "aliases": ("别名", "Also known as"),
    "since": ("合作开始", "Client since"),
    "confidential": ("保密客户", "Confidential account"),
    "confidential_note": (
        "本客户标记为保密,不含个人信息的网站(脱敏版)里不会出现。",
        "This account is marked confidential and is left out of redacted builds.",
    ),
    "team": ("我方团队", "Our team"),
    "member": ("成员", "Member"),
    "role_on_account": ("职责", "Role"),
    "profile": ("公司概况", "Company profile"),
    "background": ("背景", "Background"),
    "headquarters": ("总部", "Headquarters"),
    "size": ("规模", "Size"),
    "website": ("官网", "Website"),
    "org_structure": ("组织架构", "Organisation"),
    "contacts": ("联系人与决策链", "Contacts and decision chain"),
    "title": ("职务", "Title"),
    "decision_role": ("决策角色", "Decision role"),
    "reports_to": ("汇报给", "Reports to"),
    "channels": ("沟通渠道", "Channels"),
    "email": ("邮箱", "Email"),
    "phone": ("电话", "Phone"),
    "wechat": ("微信", "WeChat"),
    "birthday": ("生日", "Birthday"),
    "left": ("离职日期", "Left the company on"),
    "style": ("沟通风格", "Style"),
    "notes": ("备注", "Notes"),
    "business": ("业务", "Business"),
    "products": ("产品与服务", "Products and services"),
    "positioning": ("市场定位", "Positioning"),
    "audiences": ("目标受众", "Audiences"),
    "competitors": ("竞争对手", "Competitors"),
    "goals": ("营销目标", "Goals"),
    "period": ("时段", "Period"),
    "goal": ("目标", "Goal"),
    "preferences": ("合作偏好", "How to work with them"),
    "cadence": ("沟通节奏", "Cadence"),
    "report_format": ("报告格式", "Report format"),
    "response_time": ("承诺回复时限", "Promised reply time"),
    "hours": ("{hours} 小时", "{hours} h"),
    "meeting_style": ("会议风格", "Meeting style"),
    "decision_style": ("决策风格", "Decision style"),
    "creative_appetite": ("创意接受度", "Creative appetite"),
    "likes": ("有效做法", "What works"),
    "taboos": ("禁忌", "Taboos"),
    "taboos_warning": ("以下事项绝对不能做、不能说:", "Never do or say any of the following:"),
    "escalation": ("升级路径", "Escalation path"),
    "history": ("动态跟踪", "History"),
    "date": ("日期", "Date"),
    "type": ("类型", "Type"),
    "summary": ("摘要", "Summary"),
    "projects": ("项目", "Projects"),
    "start": ("开始", "Start"),
    "end": ("结束", "End"),
    "budget": ("预算", "Budget"),
    "milestones": ("里程碑", "Milestones"),
    "milestone": ("里程碑", "Milestone"),
    "due": ("截止", "Due"),
    "owner": ("负责人", "Owner"),
    "deliverable": ("交付物", "Deliverable"),
    "kpis": ("关键指标", "KPIs"),
    "kpi": ("指标", "KPI"),
    "target": ("目标值", "Target"),
    "actual": ("实际值", "Actual"),
    "unit": ("单位", "Unit"),
    "not_measured": ("暂无", "not yet"),
    "retrospective": ("复盘", "Retrospective"),
    "went_well": ("做得好", "Went well"),
    "to_improve": ("待改进", "To improve"),
    "actions": ("后续行动", "Actions"),
    "lessons": ("经验教训", "Lessons learned"),
    "context": ("背景", "Context"),
    "tags": ("标签", "Tags"),
    "project": ("项目", "Project"),
    "dates": ("重要日期", "Important dates"),
    "kind": ("类型", "Kind"),
    "contact": ("联系人", "Contact"),
    "yearly": ("每年", "yearly"),
    "review": ("档案复核", "Review"),
    "review_owner": ("档案维护人", "Page owner"),
    "source_file": ("源文件", "Source file"),
    "changes": ("修改记录", "Change history"),
    "author": ("修改人", "Author"),
    "last_changed": ("最近修改", "Last changed"),
    "uncommitted": ("本地有尚未提交的修改", "This file has uncommitted local changes"),
    "not_committed": ("这个文件还没有提交到 git", "This file is not committed to git yet"),
    "history_unavailable": ("无法读取修改历史({reason})", "Change history unavailable ({reason})"),
    "shallow_clone": (
        "仓库是浅克隆,更早的修改没有显示",
        "Shallow clone: older changes are not shown",
    ),
    # industry page
    "industry_summary": ("行业概述", "Summary"),
    "trends": ("趋势", "Trends"),
    "regulations": ("法规与限制", "Regulations"),
    "pitfalls": ("常见误区", "Pitfalls"),
    "clients_in_industry": ("本行业客户", "Accounts in this industry"),
    # charts (their accessible names)
    "chart_decision_chain": ("{name} 的决策链", "Decision chain of {name}"),
    "chart_timeline": ("{name} 的项目时间线", "Project timeline of {name}"),
    "chart_kpis": ("{name} 的关键指标:实际值与目标值", "KPIs of {name}: actual against target"),
    "industry_lessons": ("本行业的经验教训", "Lessons from this industry"),
    # accounts index filter
    "filter": ("筛选", "Filter"),
    "all": ("全部", "All"),
    # communication norms across accounts
    "norms_by_account": ("各客户的沟通偏好", "How each account wants to be worked with"),
    "norms_by_account_intro": (
        "合作中客户的沟通约定一览。公司统一要求见沟通规范;客户另有约定的,以本表和客户档案为准。",
        "The working agreements of every active account side by side. Where an account "
        "asks for more than the house norms, its own agreement wins.",
    ),
    "taboo_count": ("禁忌数", "Taboos"),
    "escalation_first": ("第一升级人", "Escalate first to"),
    # lessons
    "lessons_intro": (
        "所有客户的经验教训:最新的几条在前,全文按行业分页、页内按客户分组。按标签查找见",
        "Every lesson of every account: the newest first, then in full on a page per "
        "industry, account by account. To find lessons by keyword, see",
    ),
    "lessons_latest": ("最新的经验", "Newest lessons"),
    "lessons_by_industry": ("按行业", "By industry"),
    "lessons_counts": (
        "{clients} 个客户 · {lessons} 条经验 · {retrospectives} 个项目复盘",
        "{clients} accounts · {lessons} lessons · {retrospectives} retrospectives",
    ),
    "lessons_of_industry": ("{industry}的经验教训", "Lessons learned: {industry}"),
    "lessons_of_industry_intro": (
        "{industry}各客户的经验教训和已完成项目的复盘,按客户分组。",
        "The lessons of every {industry} account, and the retrospectives of its finished "
        "projects, account by account.",
    ),
    "lessons_by_tag": ("按标签查找经验", "Lessons by tag"),
    "lessons_by_tag_intro": (
        "每个标签下的经验,点击标题查看全文。",
        "The lessons under each tag; open a title for the whole story.",
    ),
    "retrospectives": ("项目复盘汇总", "Project retrospectives"),
    "retrospectives_intro": (
        "所有已完成项目的复盘,按行业列出;点开看做得好的、待改进的和后续行动。",
        "Every finished project's retrospective, by industry: open one for what went well, "
        "what to improve and what we agreed to do.",
    ),
    "no_lessons": ("暂无经验记录。", "No lessons recorded yet."),
    "no_retrospectives": ("暂无复盘。", "No retrospectives yet."),
    "client": ("客户", "Account"),
    "sheet_choose_from": ("请从下列选项中选择:{values}", "Choose one of: {values}"),
    # people
    "people": ("联系人名录", "People"),
    "people_intro": (
        "所有客户方联系人。点击姓名查看其在决策链中的位置。",
        "Every contact at every account. Open a name to see where they sit in the decision chain.",
    ),
    # calendar
    "calendar": ("关怀日历", "Care calendar"),
    "calendar_intro": (
        "重要日期、联系人生日和项目里程碑,按月份排列。可以在日历软件中订阅",
        "Important dates, contacts' birthdays and project milestones, month by "
        "month. Subscribe in your calendar app:",
    ),
    "calendar_file": ("日历文件", "calendar file"),
    "month": ("{month} 月", "{month_name}"),
    "event_birthday": ("{name} 生日", "{name}'s birthday"),
    "event_milestone": ("里程碑", "Milestone"),
    "no_events": ("暂无日期。", "No dates yet."),
    # health
    "health": ("档案健康度", "Handbook health"),
    "health_intro": (
        "构建时自动检查出的待办:过期的档案、延误的里程碑、缺少复盘的项目和不完整的决策链。"
        "复核周期:{days} 天;检查日期:{today}。",
        "What needs attention, found at build time: stale profiles, late milestones, "
        "projects without a retrospective and gaps in decision chains. Review "
        "policy: {days} days; checked on {today}.",
    ),
    "health_ok": ("没有需要处理的问题。", "Nothing needs attention."),
    "fix_in": ("修改", "Fix in"),
    "concern_never_reviewed": ("档案从未复核", "Profile never reviewed"),
    "concern_review_overdue": ("档案超过复核周期", "Review overdue"),
    "concern_milestone_late": ("里程碑已延误", "Late milestones"),
    "concern_milestone_overdue": ("里程碑已过期未完成", "Overdue milestones"),
    "concern_no_retrospective": ("已完成项目缺少复盘", "Finished projects without a retrospective"),
    "concern_no_decision_maker": ("没有标记决策者", "No decision maker recorded"),
    "concern_contact_without_role": ("联系人没有决策角色", "Contacts without a decision role"),
    "concern_agency_conflict": (
        "竞争冲突:客户把我们的另一个客户列为竞争对手",
        "Conflicts: a client lists another of our clients as a competitor",
    ),
    "concern_departed_personal_data": (
        "已离职联系人的个人信息:请从文件中删除",
        "Personal data of contacts who left: remove it from the files",
    ),
    "days_ago": ("{days} 天", "{days} days"),
    "left_on": ("{day} 离职", "left {day}"),
    # format reference (generated from the model)
    "format_reference": ("格式参考", "Format reference"),
    "format_reference_intro": (
        "客户文件和行业文件的每一个字段。本页由程序的数据模型自动生成,与校验规则始终一致。",
        "Every field of client and industry files. This page is generated from the program's "
        "data model, so it always matches what the checks accept.",
    ),
    "ref_key": ("字段", "Key"),
    "ref_type": ("类型", "Type"),
    "ref_required": ("必填", "Required"),
    "ref_allowed": ("可选值", "Allowed values"),
    "ref_meaning": ("含义", "Meaning"),
    "ref_example": ("示例", "Example"),
    "yes": ("是", "yes"),
    "ref_text": ("文本", "text"),
    "ref_markdown": ("Markdown 文本", "Markdown text"),
    "ref_number": ("数字", "number"),
    "ref_bool": ("true 或 false", "true or false"),
    "ref_date": ("日期 YYYY-MM-DD", "date YYYY-MM-DD"),
    "ref_month_day": ("每年的日期 MM-DD", 'yearly date "MM-DD"'),
    "ref_id": ("标识(小写字母、数字、连字符)", "id (lowercase letters, digits, hyphens)"),
    "ref_one_of": ("以下之一", "one of"),
    "ref_list_of": ("{inner} 的列表", "list of {inner}"),
    "ref_mapping": ("映射,见 {name}", "mapping, see {name}"),
    "ref_or": (" 或 ", " or "),
    # onboarding
    "first_week": ("第一周阅读路线", "Your first week"),
    "first_week_intro": (
        "按顺序读完下面的内容,你就掌握了客户部最重要的知识。",
        "Read these in order and you will know what matters most in the account team.",
    ),
    "step_norms": ("公司沟通规范", "The house communication norms"),
    "step_briefs": ("A 级客户简报", "Briefs of the tier A accounts"),
    "step_lessons": ("经验教训汇总", "Lessons learned across accounts"),
    "brief": ("简报", "Brief"),
    "pdf_pack_title": ("新人资料包", "New colleague's pack"),
    "pdf_file": ("PDF", "PDF"),
    "pdf_download_pack": (
        "下载新人资料包(PDF,可离线阅读、打印)",
        "Download the pack (PDF, to read offline or print)",
    ),
    "pdf_contents": ("目录", "Contents"),
    "pdf_part_norms": ("沟通规范与工作方式", "How we communicate and work"),
    "pdf_part_briefs": ("重点客户简报", "Briefs of the tier-A clients"),
    "pdf_part_industries": ("行业笔记", "Industry notes"),
    "pdf_internal": ("内部资料", "Internal"),
    "pdf_internal_marking": ("内部资料 · 请勿外传", "Internal · do not pass on"),
    "pdf_audience": ("读者:{audience}", "For: {audience}"),
    "pdf_readers_all": ("可以看到全部内容的同事", "colleagues who see everything"),
    "pdf_readers_redacted": (
        "所有同事(不含个人信息和保密客户)",
        "every colleague (no personal data, no confidential clients)",
    ),
    "brief_of": ("{name} · 简报", "{name} · brief"),
    "brief_intro": (
        "一页纸简报,可直接打印(A4)。完整档案见",
        "A one-page brief that prints on A4. The full profile is at",
    ),
    "who_is_who": ("关键人物", "Who's who"),
    "live_projects": ("进行中的项目", "Live projects"),
    "next_milestone": ("下一个里程碑", "Next milestone"),
    "full_profile": ("完整档案", "full profile"),
}

# Allowed values of the format, keyed by the model's enumeration class name.
ENUMS: dict[str, dict[str, tuple[str, str]]] = {
    "Tier": {"A": ("A", "A"), "B": ("B", "B"), "C": ("C", "C")},
    "ClientStatus": {
        "prospect": ("潜在", "Prospect"),
        "active": ("合作中", "Active"),
        "paused": ("暂停", "Paused"),
        "former": ("已结束", "Former"),
    },
    "DecisionRole": {
        "decision_maker": ("决策者", "Decision maker"),
        "influencer": ("影响者", "Influencer"),
        "champion": ("支持者", "Champion"),
        "gatekeeper": ("把关人", "Gatekeeper"),
        "user": ("使用者", "User"),
        "blocker": ("阻碍者", "Blocker"),
    },
    "Channel": {
        "email": ("邮件", "Email"),
        "phone": ("电话", "Phone"),
        "wechat": ("微信", "WeChat"),
        "meeting": ("面谈", "Meeting"),
        "im": ("即时通讯", "Instant messaging"),
    },
    "CreativeAppetite": {
        "conservative": ("保守", "Conservative"),
        "balanced": ("平衡", "Balanced"),
        "bold": ("大胆", "Bold"),
    },
    "HistoryType": {
        "news": ("新闻", "News"),
        "personnel": ("人事", "Personnel"),
        "market": ("市场", "Market"),
        "feedback": ("反馈", "Feedback"),
        "milestone": ("里程碑", "Milestone"),
    },
    "ProjectStatus": {
        "planned": ("计划中", "Planned"),
        "active": ("进行中", "Active"),
        "done": ("已完成", "Done"),
        "cancelled": ("已取消", "Cancelled"),
    },
    "MilestoneStatus": {
        "todo": ("待完成", "To do"),
        "done": ("已完成", "Done"),
        "late": ("已延误", "Late"),
    },
    "DateKind": {
        "birthday": ("生日", "Birthday"),
        "anniversary": ("纪念日", "Anniversary"),
        "holiday": ("节日", "Holiday"),
        "renewal": ("续约", "Renewal"),
        "other": ("其他", "Other"),
    },
}


# Form labels of fields whose page label (``LABELS`` under the field's own name) is missing
# or means something else there; keyed "Model.field".
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "Client.id": ("客户标识(文件名)", "Client id (file name)"),
    "Industry.id": ("行业标识(文件名)", "Industry id (file name)"),
    "Client.format": ("格式版本", "Format version"),
    "Industry.format": ("格式版本", "Format version"),
    "Client.name": ("客户名称", "Client name"),
    "Client.summary": ("简介", "Summary"),
    "Client.contacts": ("联系人", "Contacts"),
    "Industry.name": ("行业名称", "Industry name"),
    "Industry.channels": ("常用渠道", "Channels"),
    "Team.members": ("团队成员", "Team members"),
    "TeamMember.name": ("姓名", "Name"),
    "TeamMember.role": ("职责", "Role on the account"),
    "Contact.id": ("标识(英文小写)", "Id (lowercase)"),
    "Contact.name": ("姓名", "Name"),
    "Contact.role": ("决策角色", "Decision role"),
    "Contact.left": ("离职日期", "Left the company on"),
    "Preferences.response_time_hours": ("承诺回复时限(小时)", "Promised reply time (hours)"),
    "HistoryEntry.summary": ("概述", "Summary"),
    "HistoryEntry.details": ("详情", "Details"),
    "Project.id": ("项目标识(英文小写)", "Project id (lowercase)"),
    "Project.name": ("项目名称", "Project name"),
    "Project.start": ("开始日期", "Start date"),
    "Project.end": ("结束日期", "End date"),
    "Budget.amount": ("金额", "Amount"),
    "Budget.currency": ("货币", "Currency"),
    "Milestone.name": ("里程碑", "Milestone"),
    "Kpi.name": ("指标", "Indicator"),
    "Lesson.title": ("标题", "Title"),
    "Lesson.lesson": ("经验", "Lesson"),
    "Lesson.project": ("来源项目标识", "Project id"),
    "ImportantDate.title": ("说明", "What it is"),
    "ImportantDate.contact": ("联系人标识", "Contact id"),
}


class Translator:
    """Labels of one language; an unknown key is a bug and raises ``KeyError``."""

    def __init__(self, language: str):
        if language not in LANGUAGES:
            raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}")
        self.language = language
        self._index = LANGUAGES.index(language)

    @functools.cached_property
    def labels(self) -> SimpleNamespace:
        """Every label as an attribute, for templates: ``{{ label.contacts }}``.

        Cheaper than a call of ``t("contacts")`` in Jinja, which matters at thousands of
        pages; ``t(key, **values)`` remains for labels with values to fill in.
        """
        return SimpleNamespace(**{key: texts[self._index] for key, texts in LABELS.items()})

    def __call__(self, key: str, **values: object) -> str:
        text = LABELS[key][self._index]
        return text.format(**values) if values else text

    def field(self, model: str, name: str) -> str:
        """The form label of a field of the format (``model`` is the class name)."""
        texts = FIELD_LABELS.get(f"{model}.{name}") or LABELS[name]
        return texts[self._index]

    def enum_options(self, enum: type[Enum]) -> list[tuple[str, str]]:
        """``(value, label)`` of every allowed value of an enumeration of the format."""
        labels = ENUMS[enum.__name__]
        return [(member.value, labels[member.value][self._index]) for member in enum]

    def enum(self, value: Enum | None) -> str:
        """The label of one allowed value of the format (``""`` for none)."""
        if value is None:
            return ""
        return ENUMS[type(value).__name__][value.value][self._index]
