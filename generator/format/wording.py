"""Every problem a person reads, worded in the handbook's language (zh or en).

A problem is found once, as a :class:`Message`: a kind from :data:`MESSAGES` and the
values to fill in. It is worded only when shown, in the reader's language, so
``playbook check``, the build, the form editor and the spreadsheet import say the same
thing in the same words. Values that need wording themselves (what was found, a list of
allowed values, a did-you-mean) are messages or :class:`Choices` too.

Chinese texts speak to an account manager: fields are named as the form labels them,
and no text asks them to think in "keys", "mappings" or "YAML".
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

LANGUAGES = ("zh", "en")

MESSAGES: dict[str, tuple[str, str]] = {
    # what a value was found to be
    "got_empty": ("空值", "nothing (the value is empty)"),
    "got_bool": ("{value}", "{value}"),
    "got_number": ("数字 {value}", "the number {value}"),
    "got_mapping": ("一组字段", "a mapping (key: value lines)"),
    "got_list": ("一个列表", "a list"),
    "got_date": ("日期 {value}", "the date {value}"),
    "got_text": ("“{value}”", "{value!r}"),
    "did_you_mean": ("。你是不是想写 `{word}`?", "; did you mean `{word}`?"),
    "did_you_mean_label": ("。你是不是想写“{label}”(`{word}`)?", "; did you mean `{word}`?"),
    "allowed_here": ("(这里可以填写:{names})", " (allowed here: {names})"),
    # a field's value
    "missing": ("这是必填项,请填写", "the required field `{name}` is missing"),
    "unknown_field": ("这里没有名为 `{name}` 的项{hint}", "unknown key `{name}`{hint}"),
    "not_one_of": (
        "应为 {choices} 之一,实际填写了{got}{hint}",
        "expected one of {choices}, got {got}{hint}",
    ),
    "future_format": (
        "这个文件标注为第 {value} 版格式,本工具只能读取第 1 版",
        "this file says format {value}; this Playbook reads format 1",
    ),
    "not_text": ("应填写文字,实际是{got}", "expected text, got {got}"),
    "empty_text": ("不能为空", "must not be empty"),
    "bad_id": (
        "标识只能用小写英文字母、数字和连字符(-),以字母或数字开头,最多 64 个字符;实际填写了{got}",
        "expected an id of lowercase letters a-z, digits and hyphens, starting with a "
        "letter or digit, at most 64 characters; got {got}",
    ),
    "bad_month_day": (
        "每年重复的日期写成“月-日”,如 03-15;实际填写了{got}",
        'expected a yearly date "MM-DD", e.g. "03-15"; got {got}',
    ),
    "not_a_day": (
        "{value} 不是一年中的某一天({month} 月没有 {day} 日)",
        "{value} is not a day of the year (month {month} has no day {day})",
    ),
    "bad_url": (
        "应填写以 http:// 或 https:// 开头的网址",
        "expected a web address starting with http:// or https://",
    ),
    "bad_currency": (
        "“{value}”不是货币代码,请填三个大写字母,如 CNY、USD、EUR",
        "{value!r} is not an ISO 4217 currency code (e.g. CNY, USD, EUR)",
    ),
    "no_pattern_match": (
        "{got} 的写法不对(应符合 {pattern})",
        "got {got}, which does not match {pattern}",
    ),
    "bad_date": (
        "日期应写成 年-月-日,如 2026-03-01;实际是{got}",
        "expected a date written YYYY-MM-DD, got {got}",
    ),
    "date_or_month_day": (
        "一次性的日期写 年-月-日(如 2026-05-20),每年重复的日期写 月-日(如 05-20);实际是{got}",
        'expected a date YYYY-MM-DD, or a yearly date "MM-DD" (e.g. "05-20"); got {got}',
    ),
    "not_number": ("应填写数字,实际是{got}", "expected a number, got {got}"),
    "more_than": ("必须大于 {limit},实际是{got}", "must be more than {limit}, got {got}"),
    "at_least": ("必须不小于 {limit},实际是{got}", "must be {limit} or more, got {got}"),
    "not_bool": ("应填写 true(是)或 false(否),实际是{got}", "expected true or false, got {got}"),
    "not_list": (
        "这里应是一个列表(每行一项),实际是{got}",
        "expected a list (one `- item` per line), got {got}",
    ),
    "not_mapping": (
        "这里应是一组字段,实际是{got}",
        "expected a mapping (`key: value` lines), got {got}",
    ),
    "unexpected_value": ("这个值不符合格式:{detail}(实际是{got})", "{detail} (got {got})"),
    # the file as written
    "repeated_field": (
        "“{name}”在同一处写了两次(第一次在第 {first} 行),请只保留一个",
        "the key `{name}` appears twice in the same mapping (first on line {first}); "
        "keep one of them",
    ),
    "not_a_real_date": ("{value} 不是真实存在的日期", "{value!r} is not a real date ({detail})"),
    "not_utf8": (
        "文件不是 UTF-8 编码(无法读取字节 0x{byte}){guess}。请在编辑器中另存为 UTF-8 后重新提交",
        "the file is not UTF-8 (byte 0x{byte} cannot be read){guess}. "
        "Save it as UTF-8 in your editor and commit again",
    ),
    "looks_like": (",看起来是 {encoding}", "; it looks like {encoding}"),
    "nested_too_deep": (
        "内容嵌套超过了 {depth} 层",
        "values are nested more than {depth} levels deep",
    ),
    "aliases_too_big": (
        "文件里的引用(& 和 *)展开后超过 {limit} 项;请直接写出内容",
        "the file's anchors and aliases (&, *) expand to more than {limit} values; "
        "write the values out instead",
    ),
    "empty_file": (
        "文件是空的;至少要填写必填项",
        "the file is empty; it needs at least the required fields",
    ),
    "unclosed_quote": (
        "这里开始的引号没有结束,请补上另一半引号",
        "the quote that starts here is never closed",
    ),
    "tag_not_allowed": (
        "不允许使用 {tag} 这样的标记:档案里只能写文字、数字、日期和列表",
        "the tag {tag} is not allowed: handbook files hold plain text, numbers, dates, "
        "lists and mappings only",
    ),
    "tab_indent": (
        "这一行用了制表符(Tab)缩进;请改用空格缩进",
        "a tab character here: YAML is indented with spaces only; replace the tab",
    ),
    "two_documents": (
        "文件中间有一行 ---,把文件分成了两份;请删掉这一行,只保留一份内容",
        "the file holds more than one YAML document (a line `---` in the middle?); keep one",
    ),
    "syntax_list": (
        "这一行的方括号列表 [ … ] 没有正确结束:各项之间用英文逗号分隔,最后用 ] 收尾",
        "not valid YAML: {detail}",
    ),
    "syntax_braces": (
        "这一行的花括号 {{ … }} 没有正确结束:检查括号是否成对",
        "not valid YAML: {detail}",
    ),
    "syntax_colon": (
        "这一行多了一个冒号:字段名后面只能有一个“: ”;如果文字里本身有冒号,把整段文字放进引号",
        "not valid YAML: {detail}",
    ),
    "syntax_no_colon": (
        "这一行缺少冒号:每一行写成“字段名: 内容”,冒号后面加一个空格",
        "not valid YAML: {detail}",
    ),
    "syntax_indent": (
        "这一行的缩进和上下文对不齐:同一层的内容要用相同数量的空格开头",
        "not valid YAML: {detail}",
    ),
    "syntax_start": (
        "这一行以一个不能打头的字符开始(如 @、` 或 %):把整段文字放进引号",
        "not valid YAML: {detail}",
    ),
    "cannot_construct": ("这里的内容无法读取:{detail}", "{detail}"),
    "syntax_open_end": (
        "文件在一个没有结束的引号或括号中结束了",
        "{detail} (is a quote left open?)",
    ),
    "syntax_other": (
        "这一行的写法有误:检查冒号、缩进和引号是否成对",
        "not valid YAML: {detail}",
    ),
    # the file as a whole
    "wrong_extension": (
        "档案文件名要以 .yaml 结尾;请重命名这个文件",
        "handbook files end in .yaml; rename this file",
    ),
    "link_outside": (
        "这是指向手册以外文件的链接;请把文件复制进来",
        "this is a link to a file outside the handbook; copy the file in",
    ),
    "bad_file_name": (
        "文件名就是页面的标识:只能用小写英文字母、数字和连字符,以字母或数字开头,最多 64 个字符"
        "(如 {suggestion}.yaml)",
        "the file name is the page's id: use lowercase letters a-z, digits and hyphens, "
        "starting with a letter or digit, at most 64 characters (e.g. {suggestion}.yaml)",
    ),
    "cannot_read": ("无法读取这个文件:{reason}", "cannot read the file: {reason}"),
    "file_not_fields": (
        "文件应由“字段名: 内容”这样的行组成,而不是{got}",
        "the file must be a mapping of `key: value` lines, not a {type_name}",
    ),
    # rules across fields and files
    "unknown_industry": (
        "没有标识为 `{industry}` 的行业(找不到 {folder}/{industry}.yaml){hint}",
        "no industry `{industry}` (no file {folder}/{industry}.yaml){hint}",
    ),
    "name_taken": (
        "另一个客户也叫“{name}”({first});客户名称不能重复,请加以区分",
        "another client is already called {name!r} ({first}); names must be unique: add a qualifier",
    ),
    "contact_id_taken": (
        "联系人标识 `{id}` 已被联系人 {number} 使用",
        "the contact id `{id}` is already used by contacts[{index}]",
    ),
    "project_id_taken": (
        "项目标识 `{id}` 已被项目 {number} 使用",
        "the project id `{id}` is already used by projects[{index}]",
    ),
    "no_such_contact": (
        "这个客户里没有标识为 `{id}` 的联系人{hint}",
        "no contact with id `{id}` in this file{hint}",
    ),
    "no_such_project": (
        "这个客户里没有标识为 `{id}` 的项目{hint}",
        "no project with id `{id}` in this file{hint}",
    ),
    "end_before_start": (
        "结束日期 {end} 早于开始日期 {start}",
        "the end {end} is before the start {start}",
    ),
    "reporting_cycle": (
        "汇报关系绕成了一个圈:{chain};其中必须有一个人不向圈里的人汇报",
        "reporting cycle: {chain}; someone in it must report to nobody in the list",
    ),
    # what needs attention (`playbook check`'s warnings; the health page)
    "health_never_reviewed": (
        "档案从未复核:通读一遍,然后填写“复核信息 › 最近复核日期”",
        "never reviewed: check the page and add review.last_reviewed",
    ),
    "health_review_overdue": (
        "上次复核是 {days} 天前(复核周期 {policy} 天):通读一遍,然后更新“最近复核日期”",
        "last reviewed {days} days ago (policy: {policy} days): check the page and update "
        "review.last_reviewed",
    ),
    "health_milestone_late": ("里程碑“{subject}”已延误", "milestone {subject!r} is late"),
    "health_milestone_overdue": (
        "里程碑“{subject}”已过截止日期 {days} 天,还没有完成",
        "milestone {subject!r} was due {days} days ago and is not done",
    ),
    "health_no_retrospective": (
        "项目“{subject}”已完成,但还没有复盘",
        "project {subject!r} is done but has no retrospective",
    ),
    "health_no_decision_maker": (
        "还没有哪位联系人被标为“决策者”",
        "no contact has role: decision_maker",
    ),
    "health_contact_without_role": (
        "联系人“{subject}”还没有填写决策角色",
        "contact {subject!r} has no role in the decision chain",
    ),
    "health_agency_conflict": (
        "这个竞争对手也是我们的客户({subject}):同时服务两家之前,先确认是否存在利益冲突",
        "this competitor is also our client ({subject}): check for a conflict of interest "
        "before serving both",
    ),
    "health_departed_personal_data": (
        "删除“{subject}”的个人信息(电话、邮箱、微信、生日):此人已于 {day} 离职,网站上已不再显示",
        "remove the personal data of {subject} (phone, email, WeChat, birthday): they left on "
        "{day}, and the site no longer shows it",
    ),
    # the form editor
    "editor_no_id": (
        "{path}:新条目还没有标识(文件名)。请在“标识”一栏填写小写拼音或英文,如 gangwan-kafei,再保存",
        "{path}: a new entry needs an id (its file name). Fill in the id field with lowercase "
        "letters, digits and hyphens, e.g. harbour-coffee, and save again",
    ),
    "editor_no_uploads": (
        "手册不收上传的文件和图片",
        "the handbook takes no uploads: files and images stay out of it",
    ),
    "editor_created_meanwhile": (
        "{path} 已被别人新建;你的内容没有写入。请换一个标识再保存",
        "{path} was just created by someone else; yours was not written. Choose another id "
        "and save again",
    ),
    "editor_changed_since_opened": (
        "{path} 在你打开之后已被别人修改并保存,你的修改没有写入,以免覆盖对方的内容。"
        "请复制你改动的内容,刷新页面查看最新版本,再重新修改并保存",
        "{path} was changed and saved by someone else after you opened it; your change was "
        "not written, so as not to overwrite theirs. Copy what you changed, reload the page "
        "to see the latest version, then make your change again and save",
    ),
    "editor_deleted_meanwhile": (
        "{path} 在你打开之后已被别人删除;你的修改没有写入。请刷新页面查看现状",
        "{path} was deleted by someone else after you opened it; your change was not "
        "written. Reload the page to see what is there now",
    ),
    "editor_edit_failed": (
        "{path}:这次修改没能只改动相应的几行,为免写错,什么都没有写入。这是手册工具本身的问题,"
        "请把这条消息和你改的内容告诉负责手册的同事",
        "{path}: this change could not be written to the changed lines alone, so nothing was "
        "written rather than something wrong. This is a Playbook bug: tell the colleague who "
        "looks after the handbook what you changed",
    ),
    "editor_delete_stale": (
        "{path} 在你打开之后已被别人修改或删除,所以没有删除。请刷新页面看看最新内容,再决定是否删除",
        "{path} was changed or deleted by someone else after you opened it, so it was not "
        "deleted. Reload the page to see what is there now, then decide again",
    ),
    "editor_no_base": (
        "{path}:没有说明修改基于哪个版本,为免覆盖别人的内容,没有写入。请刷新页面后再修改并保存",
        "{path}: the change does not say which version of the file it was made from, so it "
        "was not written (it could overwrite someone else's). Reload the page, then make the "
        "change again and save",
    ),
    "editor_not_utf8_open": (
        "{path} 不是 UTF-8 编码的文件,表单无法打开它。{detail}",
        "{path} is not a UTF-8 file, so the form cannot open it. {detail}",
    ),
    "industry_still_used": (
        "还有 {count} 个客户属于行业 `{industry}`({clients}),所以不能删除它。请先把这些客户改到别的行业",
        "the industry `{industry}` is still used by {count} client(s) ({clients}), so it "
        "cannot be deleted. Move those clients to another industry first",
    ),
    "files_busy": (
        "另一个修改(例如导入)正在写入手册文件,等待超时,这次没有写入。请稍后再试({lock})",
        "another change (an import, say) is writing the handbook's files and did not finish "
        "in time; nothing was written. Try again in a moment ({lock})",
    ),
    # `playbook new`
    "new_refused": ("没有写入:{detail}", "nothing was written: {detail}"),
    "new_bad_id": (
        "“{id}”不能用作标识:只能用小写英文字母、数字和连字符,以字母或数字开头(它会成为页面地址)",
        "{id!r} cannot be an id: use lowercase letters a-z, digits and hyphens, starting with "
        "a letter or digit (it becomes the page's address)",
    ),
    "new_exists": (
        "{path} 已经存在;没有写入任何内容",
        "{path} already exists; nothing was written",
    ),
    "new_bad_choice": (
        "{option} 应为 {choices} 之一,而不是“{value}”",
        "{option} must be one of {choices}, not {value!r}",
    ),
    "new_unknown_industry": (
        "{folder}/ 里没有行业“{industry}”(现有:{known})。请先用 playbook new industry 新建{hint}",
        "no industry {industry!r} in {folder}/{hint} (known: {known}); create it first with "
        "`playbook new industry`",
    ),
    "new_id_from_name": ("标识按名称的拼音生成:{id}", "id made from the name: {id}"),
    "new_written": (
        "已写入 {path};填写内容后运行 playbook check",
        "wrote {path}; fill it in, then run `playbook check`",
    ),
    # spreadsheets (`playbook import`)
    "sheet_unknown_column": ("不认识的列名“{name}”{hint}", "unknown column `{name}`{hint}"),
    "sheet_column_twice": ("“{name}”这一列出现了两次", "column `{name}` appears twice"),
    "sheet_key_columns": (
        "这张表缺少用来对应的列:{names}",
        "the sheet needs the key column(s) {names}",
    ),
    "sheet_not_a_workbook": (
        "{name} 不是能读取的 Excel 工作簿(.xlsx):{detail}",
        "{name}: not an Excel workbook (.xlsx) that can be read: {detail}",
    ),
    "sheet_unknown": (
        "不认识的工作表“{name}”{hint};其中的行没有读取",
        "unknown sheet `{name}`{hint}; its rows were not read",
    ),
    "sheet_unsaved_formula": (
        "这个公式的计算结果没有保存(文件不是用 Excel 或 WPS 保存的):请直接填写数值,或在 Excel 中打开后保存",
        "a formula whose value was never saved (this file was not saved by Excel or WPS): "
        "type the value itself, or open and save the file in Excel",
    ),
    "sheet_bad_encoding": (
        "{name} 第 {byte} 个字节既不是 UTF-8 也不是 GB18030/GBK;请重新另存为“CSV UTF-8”",
        "{name}: byte {byte} is neither UTF-8 nor GB18030/GBK; save the file again as CSV UTF-8",
    ),
    "sheet_read_as": ("{where}:按 {encoding} 编码读取", "{where}: read as {encoding}"),
    "sheet_no_csv": (
        "{folder} 里没有以工作表命名的 CSV 文件(如 clients.csv)",
        "{folder}: no CSV files named after the sheets (clients.csv …)",
    ),
    "sheet_one_csv": (
        "{name}:请给出存放各个 CSV 文件(每张表一个)的文件夹,而不是单个文件",
        "{name}: give the folder that holds the CSV files (one per sheet), not one file",
    ),
    "sheet_not_a_spreadsheet": (
        "{name}:应为 .xlsx 工作簿,或存放 CSV 文件的文件夹",
        "{name}: expected an .xlsx workbook or a folder of CSV files",
    ),
    "import_no_id": (
        "这一行没有标识,也没有可以用来生成标识的名称",
        "each row needs the file's id, or a name to make it from (e.g. dingsheng-drinks)",
    ),
    "import_bad_id": (
        "“{id}”不能用作标识:只能用小写英文字母、数字和连字符,以字母或数字开头(它会成为页面地址)",
        "`{id}` cannot be an id: use lowercase letters a-z, digits and hyphens, starting with "
        "a letter or digit (it becomes the page's address)",
    ),
    "import_id_taken": (
        "标识“{id}”已被第 {first} 行使用",
        "`{id}` is already the id of row {first}",
    ),
    "import_row_needs_key": ("这一行缺少“{key}”", "the row needs its {key} id"),
    "import_no_such_file_row": (
        "工作表 {sheet} 里没有标识或名称为“{id}”的行",
        "no row with id `{id}` in sheet {sheet}",
    ),
    "import_no_such_item_row": (
        "“{file}”没有标识为“{id}”的{part}行",
        "no {part} row with id `{id}` for `{file}`",
    ),
    "import_id_from_name": (
        "{where}:标识按名称“{name}”的拼音生成:{id}",
        "{where}: id made from the name {name!r}: {id}",
    ),
    "import_left_alone": (
        "文件已存在且与表格不同;加 --update 才会修改",
        "the file exists and the sheet differs; --update changes it",
    ),
    "import_values_changed": ("改动了 {count} 个值", "{count} value{s}"),
    "import_outcome_created": ("新建", "created"),
    "import_outcome_changed": ("已修改", "changed"),
    "import_outcome_unchanged": ("未变", "unchanged"),
    "import_outcome_left alone": ("未改动", "left alone"),
    "import_summary": (
        "新建 {created} 个,修改 {changed} 个,未变 {unchanged} 个,未改动 {left} 个。",
        "{created} created, {changed} changed, {unchanged} unchanged, {left} left alone.",
    ),
    # the build's own stops
    "theme_search_too": (
        "请从 mkdocs.yml 的 `plugins` 中删掉 `search`:手册自带的站内搜索会取代它。"
        "如果想保留主题自带的搜索,在 playbook 插件下设置 `search: theme`。",
        "plugins: remove `search` from mkdocs.yml: Playbook's own search (Pagefind) replaces "
        "it. To keep the theme's search instead, set `search: theme` under the playbook plugin.",
    ),
    "template_error": ("{where}:模板有错误:{detail}", "{where}: template error: {detail}"),
    "editor_repo_required": (
        "mkdocs.yml:playbook 插件的 `editor` 设置了 `backend`,还需要 `repo`"
        "(手册在代码托管平台上的仓库,例如 `account-team/handbook`)。",
        "mkdocs.yml: the playbook plugin's `editor` has a `backend` and needs a `repo` too "
        "(the handbook's repository on that host, e.g. account-team/handbook).",
    ),
    "audiences_not_mapping": (
        "{where}: {at}:应是一组受众,每个受众名下写它能看到什么,例如 "
        "`company: {{personal_data: false, confidential: false}}`",
        "{where}: {at}: expected audiences by name, each with what it sees, e.g. "
        "`company: {{personal_data: false, confidential: false}}`",
    ),
    "audience_bad_name": (
        "{where}: {at}:受众名称会成为网站的文件夹名,只能用小写英文字母、数字、"
        "`-` 和 `_`,例如 `team`、`company`",
        "{where}: {at}: an audience's name becomes its site's folder: use "
        "lowercase letters, digits, `-` and `_`, e.g. `team`, `company`",
    ),
    "audience_unknown_key": (
        "{where}: {at}:受众没有名为 `{key}` 的设置{hint}"
        "(可用的设置:`personal_data`、`confidential`、`clients`)",
        "{where}: {at}: an audience has no setting `{key}`{hint} "
        "(its settings: `personal_data`, `confidential`, `clients`)",
    ),
    "audience_not_bool": (
        "{where}: {at}:应填写 `true`(是)或 `false`(否),实际填写了“{value}”",
        "{where}: {at}: expected `true` or `false`, got {value!r}",
    ),
    "audience_bad_clients": (
        "{where}: {at}:应是一组客户标识,例如 `[dingsheng-beverage]`",
        "{where}: {at}: expected a list of client ids, e.g. `[dingsheng-beverage]`",
    ),
    "audience_unknown_client": (
        "{where}: {at}:没有标识为 `{client}` 的客户{hint}",
        "{where}: {at}: there is no client `{client}`{hint}",
    ),
    "audience_unknown": (
        "mkdocs.yml 里没有名为 `{name}` 的受众;已有的受众:{known}",
        "there is no audience `{name}` in mkdocs.yml; its audiences: {known}",
    ),
    "privacy_summary": (
        "共 {people} 位联系人、{values} 项个人信息。",
        "{values} personal values of {people} contacts.",
    ),
    "privacy_no_owner": ("(未注明是谁的生日)", "(a birthday that names no contact)"),
    "forget_no_match": (
        "{folder}/:没有标识或姓名为“{who}”的联系人{hint}",
        "{folder}/: no contact has the id or name {who!r}{hint}",
    ),
    "forget_several": (
        "有 {count} 位联系人是“{who}”,没有做任何改动。请用“客户标识/联系人标识”指明是哪一位:",
        "{count} contacts are {who!r}; nothing was changed. Name one as client-id/contact-id:",
    ),
    "forget_nothing": (
        "{path}:{name} 没有个人信息可删除。",
        "{path}: {name} has no personal data to remove.",
    ),
    "forget_would": (
        "将从 {path} 删除 {name} 的这些个人信息(姓名、职务、风格和备注保留)。"
        "确认后加上 --yes 再运行一次:",
        "This would remove these personal data of {name} from {path} (name, title, style and "
        "notes stay). Run again with --yes to do it:",
    ),
    "forget_done": (
        "已从 {path} 删除 {name} 的 {count} 项个人信息。请提交这次改动;"
        "git 历史和已订阅的日历里仍有旧数据,处理方法见“个人信息”指南(`playbook/privacy`)。",
        "Removed {count} personal values of {name} from {path}. Commit the change; the git "
        "history and subscribed calendars still hold the old values: see the guide "
        "Personal data (playbook/privacy).",
    ),
    "pdf_unknown_client": (
        "没有标识为 `{client}` 的客户(或这个受众看不到它)",
        "there is no client `{client}` (or this audience does not see it)",
    ),
    "pdf_no_cjk_font": (
        "找不到中文字体:请安装 `Noto Sans CJK`(在 `Debian` 系统上:`apt install fonts-noto-cjk`),"
        "或用环境变量 `PLAYBOOK_FONTS` 指明字体所在的文件夹",
        "no Chinese font found: install Noto Sans CJK (Debian: `apt install fonts-noto-cjk`) "
        "or name the folder of one in `PLAYBOOK_FONTS`",
    ),
    "pdf_failed": ("生成 PDF 失败:{detail}", "the PDF could not be made: {detail}"),
    "pdf_not_ours": (
        "没有写入 {path}:那里已有一个不是 PDF 的文件,资料包不会覆盖它。请用 --out 另指一个文件名",
        "{path} was not written: a file that is not a PDF is there, and the pack "
        "never replaces it. Name another file with --out",
    ),
    "pdf_unwritable": ("无法写入 {path}:{detail}", "cannot write {path}: {detail}"),
    "pdf_written": ("已写入 {path}({pages} 页)", "wrote {path} ({pages} pages)"),
    "nginx_needs_audiences": (
        "mkdocs.yml 里还没有 `audiences`:每个受众的网站会放在自己的路径下,先在 playbook "
        "插件下写明受众,再运行 `playbook build`",
        "mkdocs.yml has no `audiences`: each audience's site is served at its own path; name "
        "the audiences under the playbook plugin, then run `playbook build`",
    ),
    "nginx_not_built": (
        "{folder} 还不存在:请先运行 `playbook build`",
        "{folder} does not exist yet: run `playbook build` first",
    ),
    "nginx_unknown_open": (
        "--open {name}:mkdocs.yml 里没有这个受众;已有的受众:{known}",
        "--open {name}: mkdocs.yml has no such audience; its audiences: {known}",
    ),
    "nginx_written": ("已写入 `nginx` 配置:{path}", "nginx configuration written to {path}"),
    "pages_clash": (
        "这些手写页面占用了自动生成页面的位置,请移走或改名:{paths}",
        "These hand-written pages have the paths of generated pages; move or rename them: {paths}",
    ),
    # what the commands say when they are done (or stop)
    "no_mkdocs_yml": (
        "{root} 里没有 mkdocs.yml;请用 --root 指明手册所在的文件夹",
        "no mkdocs.yml in {root}; use --root to name the handbook",
    ),
    "plugin_missing": (
        "{config}:`plugins` 里没有 `playbook` 插件",
        "{config}: the `playbook` plugin is not in `plugins`",
    ),
    "render_not_empty": (
        "{out} 不是空文件夹,也不是 `playbook render` 写出的;请换一个新的或空的文件夹",
        "{out} is not empty and was not written by `playbook render`; name a new or empty folder",
    ),
    "render_written": (
        "已把 {pages} 个页面和 mkdocs.yml 写入 {out}(可以用 `mkdocs` 或 `zensical` 构建)",
        "wrote {pages} pages and mkdocs.yml to {out} (build it with mkdocs or zensical)",
    ),
    "schema_written": ("已写入 {path}", "wrote {path}"),
    "build_stopped": ("构建中止:{detail}", "The build stopped: {detail}"),
    "build_failed": ("构建失败:{detail}", "The build failed: {detail}"),
    "site_written": ("网站已写入 {target}", "Site written to {target}"),
    "site_dir_handbook": (
        "不能把网站生成到 {target}:它是手册所在的文件夹 {root} 或它的上级,网站会替换整本手册。"
        "什么都没有改动;请用 `--site-dir` 另指一个文件夹(默认是手册里的 `site/`)",
        "cannot build the site into {target}: it is the handbook's folder {root} or a folder "
        "above it, which the site would replace. Nothing was changed; name another folder "
        "with --site-dir (the default is site/ in the handbook)",
    ),
    "site_dir_docs": (
        "不能把网站生成到 {target}:手写页面在 {docs}(mkdocs.yml 里的 `docs_dir`),网站会替换或"
        "混进这些页面。什么都没有改动;请用 `--site-dir` 另指一个文件夹(默认是手册里的 `site/`)",
        "cannot build the site into {target}: the hand-written pages are in {docs} (mkdocs.yml's "
        "docs_dir), which the site would replace or mix with. Nothing was changed; name another "
        "folder with --site-dir (the default is site/ in the handbook)",
    ),
    "site_dir_not_ours": (
        "不能把网站生成到 {target}:它不是空文件夹,也不是 `playbook build` 生成的(里面没有 "
        "{marker} 标记文件),而 `playbook build` 只替换自己生成的文件夹。什么都没有删;请换一个"
        "新的或空的文件夹。如果确定里面没有要保留的东西,请先自己删除它",
        "cannot build the site into {target}: it is not empty and was not made by "
        "`playbook build` (it has no {marker} file), and a build replaces only folders it made. "
        "Nothing was deleted; name a new or empty folder. If you are sure nothing in it is "
        "needed, delete it yourself first",
    ),
    "export_written": (
        "已把 {clients} 个客户、{industries} 个行业写入 {target}",
        "wrote {clients} clients and {industries} industries to {target}",
    ),
    "export_written_csv": (
        "已把 {clients} 个客户、{industries} 个行业写入 {target}/(每张表一个 CSV)",
        "wrote {clients} clients and {industries} industries to {target}/ (one CSV per sheet)",
    ),
    "export_bad_target": (
        "{target}:请写以 .xlsx 结尾的文件名,或一个用来放 CSV 的文件夹",
        "{target}: give a name ending in .xlsx, or a folder for CSV files",
    ),
    "template_needs_xlsx": (
        "--template 写出的是工作簿:请写以 .xlsx 结尾的文件名",
        "--template writes a workbook: give a name ending in .xlsx",
    ),
    "template_written": (
        "已写入 {source}:填好各张表后运行 playbook import {source}",
        "wrote {source}: fill in the sheets, then `playbook import {source}`",
    ),
    "import_phone_was_number": (
        "{where}:这一格在表格里是数字 {value},已按文字导入。如果号码本来以 0 开头(座机、区号),"
        "开头的 0 已经被表格程序去掉了:请把这一列设成“文本”格式,补上 0 后重新导入",
        "{where}: this cell is a number in the sheet ({value}) and was imported as text. If the "
        "number began with 0 (a landline, an area code), the spreadsheet program dropped it: "
        "format the column as text, put the 0 back and import again",
    ),
    "import_changed_meanwhile": (
        "导入期间有文件被别人修改了(例如在表单里保存),为免覆盖对方的内容,这次什么都没有写入。请重新运行导入",
        "a file was changed by someone else during the import (a save in the form, say); so as "
        "not to overwrite it, nothing was written. Run the import again",
    ),
    "import_write_failed": (
        "无法写入 {path}({reason});没有写入任何文件,手册保持原样",
        "cannot write {path} ({reason}); no file was written, the handbook is as it was",
    ),
    "import_no_source": ("{source} 不存在", "{source} does not exist"),
    # summaries
    "problems_found": ("发现 {count} 个问题。", "{count} problem{s} found."),
    "nothing_built": (
        "发现 {count} 个问题;没有生成网站。",
        "{count} problem{s} found; nothing was built.",
    ),
    "nothing_written": (
        "发现 {count} 个问题;没有写入任何文件。",
        "{count} problem{s} found; nothing was written.",
    ),
    "checked": (
        "{clients} 个客户、{industries} 个行业:没有错误,{warnings} 个提醒。",
        "{clients} clients and {industries} industries: no errors, {warnings} warning{s}.",
    ),
    "strict_warnings": ("--strict:有提醒也算不通过。", "--strict: warnings fail the check."),
    "last_good": (
        "手册里有问题,网站暂时显示上一次正确的版本。",
        "The handbook has problems; showing the last good version.",
    ),
    "bad_today": (
        "today:“{value}”不是 年-月-日 格式的日期",
        "today: {value!r} is not a date written YYYY-MM-DD",
    ),
    "bad_epoch": (
        "SOURCE_DATE_EPOCH:“{value}”不是自 1970 年起的秒数",
        "SOURCE_DATE_EPOCH: {value!r} is not a number of seconds since 1970",
    ),
}


@dataclass(frozen=True)
class Localized:
    """A text given in both languages, e.g. a field's form label."""

    zh: str
    en: str

    def text(self, language: str) -> str:
        return self.zh if language == "zh" else self.en


@dataclass(frozen=True)
class Choices:
    """Allowed values, worded with their labels: ``决策者(decision_maker)、影响者(…) 或 …``."""

    values: tuple[str, ...]
    labels: tuple[Localized, ...] = ()
    """The label of each value, in the same order; none where the value is its own label."""

    def text(self, language: str) -> str:
        shown = []
        for i, value in enumerate(self.values):
            label = self.labels[i].text(language) if i < len(self.labels) else value
            if language == "zh":
                shown.append(value if label == value else f"{label}({value})")
            else:
                shown.append(repr(value) if label == value else f"{value!r} ({label})")
        if len(shown) <= 1:
            return "".join(shown)
        first, last = ("、", " 或 ") if language == "zh" else (", ", " or ")
        return first.join(shown[:-1]) + last + shown[-1]


@functools.total_ordering
@dataclass(frozen=True)
class Message:
    """One thing to tell a person, not yet worded: a kind of :data:`MESSAGES` and values."""

    kind: str
    values: tuple[tuple[str, Any], ...] = ()

    def text(self, language: str = "en") -> str:
        """The message in ``language``; values that are messages are worded in it too."""
        template = MESSAGES[self.kind][LANGUAGES.index(language)]
        filled = {
            key: value.text(language) if isinstance(value, Message | Choices | Localized) else value
            for key, value in self.values
        }
        return template.format(**filled)

    def __str__(self) -> str:
        return self.text("en")

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Message):
            return NotImplemented
        return (self.kind, repr(self.values)) < (other.kind, repr(other.values))

    def get(self, key: str, default: Any = None) -> Any:
        return dict(self.values).get(key, default)


def say(kind: str, **values: Any) -> Message:
    """A message of ``kind`` with ``values`` (checked to be a known kind at once)."""
    if kind not in MESSAGES:
        raise KeyError(f"no message kind {kind!r}")
    return Message(kind, tuple(values.items()))


def plural(count: int) -> str:
    return "" if count == 1 else "s"


def count_message(kind: str, count: int) -> Message:
    """A summary line: ``3 problems found.`` / ``发现 3 个问题。``."""
    return say(kind, count=count, s=plural(count))


def did_you_mean(
    word: object, candidates: Iterable[str], labels: Mapping[str, Localized] | None = None
) -> Message | str:
    """A did-you-mean hint when a candidate is close to ``word``, else ``""``."""
    matches = difflib.get_close_matches(str(word), sorted(set(candidates)), n=1, cutoff=0.6)
    if not matches:
        return ""
    if labels and matches[0] in labels:
        return say("did_you_mean_label", word=matches[0], label=labels[matches[0]])
    return say("did_you_mean", word=matches[0])


def language_of(language: str | None) -> str:
    return language if language in LANGUAGES else "en"
