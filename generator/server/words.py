"""Every word of ``playbook server`` a person reads, in Chinese and English.

One dictionary, ``key → (zh, en)``, every key written literally where it is used, so that
the words can be folded into the package's gettext catalogs later (``word("key", …)`` is
what an extractor looks for). Placeholders are ``str.format`` fields, the same in both.
"""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    # --- who is asking (401, 403) ------------------------------------------------------
    "no_identity": (
        "没有登录身份:请从手册的网址打开编辑器(经过 nginx 的登录),不要直接访问服务器的端口。",
        "No identity: open the editor at the handbook's address (through nginx's sign-in), "
        "not at the server's own port.",
    ),
    "untrusted_identity": (
        "来自 {address} 的请求声称是 {login},但这个地址不是受信任的代理,身份不被采信。"
        "请从手册的网址打开编辑器。",
        "A request from {address} claims to be {login}, but that address is not a trusted "
        "proxy, so the claim is not believed. Open the editor at the handbook's address.",
    ),
    "unknown_login": (
        "登录名 {login} 不在编辑名单里,不能保存。请负责手册的同事在 mkdocs.yml 的 playbook "
        "插件下 editor.people 里加一行:{login}: 姓名 <邮箱>",
        "The login {login} is not on the list of editors and cannot save. Ask whoever looks "
        "after the handbook to add a line under editor.people of the playbook plugin in "
        "mkdocs.yml: {login}: Name <email>",
    ),
    "other_origin": (
        "这个请求来自另一个网站({origin}),没有处理。",
        "This request comes from another site ({origin}) and was not answered.",
    ),
    "post_json_only": (
        "编辑器的接口只接受 JSON 格式的 POST 请求。",
        "The editor's API takes POST requests with a JSON body only.",
    ),
    "body_size": (
        "请求的内容应在 1 到 {limit} 字节之间。",
        "A request body of 1 to {limit} bytes is expected.",
    ),
    "not_json": ("请求的内容不是 JSON 对象。", "The request body is not a JSON object."),
    "not_found": ("这里没有这个页面。", "There is no such page here."),
    # --- commits ----------------------------------------------------------------------
    "commit_update": ("更新 {name}:{fields}", "Update {name}: {fields}"),
    "commit_update_plain": ("更新 {name}", "Update {name}"),
    "commit_more": (",另有 {count} 处", " and {count} more"),
    "commit_list_sep": ("、", ", "),
    "commit_create": ("新建 {name}", "Add {name}"),
    "commit_delete": ("删除 {name}", "Delete {name}"),
    "commit_rename": ("更名 {name}:{old} → {new}", "Rename {name}: {old} → {new}"),
    "commit_restore": (
        "恢复 {name} 到 {date} 的版本({author})",
        "Restore {name} to the version of {date} ({author})",
    ),
    "commit_failed": (
        "保存没有完成:git 提交失败({detail})。文件已恢复原样,请稍后再试,或联系负责手册的同事。",
        "The save did not complete: git could not commit ({detail}). The file is as it was; "
        "try again later or tell whoever looks after the handbook.",
    ),
    # --- history and restore ----------------------------------------------------------
    "restore_unknown_version": (
        "{path} 没有 {commit} 这个版本。",
        "{path} has no version {commit}.",
    ),
    "restore_same": (
        "{path} 现在已经是这个版本,无需恢复。",
        "{path} is already at this version; nothing to restore.",
    ),
    "history_title": ("修改记录", "History"),
    "history_button": ("修改记录", "History"),
    "history_current": ("当前版本", "Current version"),
    "history_restore": ("恢复这个版本", "Restore this version"),
    "history_confirm": (
        "把 {path} 恢复到 {date} {author} 保存的版本?恢复会作为一次新的保存,以你的名字记录。",
        "Restore {path} to the version {author} saved on {date}? The restore is recorded as "
        "a new save, in your name.",
    ),
    "history_restored": ("已恢复,正在重新载入……", "Restored; reloading…"),
    "history_none": ("还没有记录。", "No changes recorded yet."),
    "history_close": ("关闭", "Close"),
    "history_failed": ("没有恢复:{reason}", "Not restored: {reason}"),
    "history_unavailable": ("无法读取修改记录:{reason}", "The history cannot be read: {reason}"),
    # --- pushing ----------------------------------------------------------------------
    "push_off": ("不推送(启动时没有 --push)。", "Not pushing (started without --push)."),
    "push_done": (
        "已推送到 {remote}:全部提交都在远程仓库上。",
        "Pushed to {remote}: every commit is on the remote.",
    ),
    "push_waiting": (
        "{count} 个提交还没有推送到 {remote}:{detail}。服务器会自动重试。",
        "{count} commits are not on {remote} yet: {detail}. The server tries again by itself.",
    ),
    "push_diverged": (
        "{count} 个提交只在服务器上:{remote} 上有人也改了同样的文件({files})。服务器不会强制"
        "推送。请负责手册的同事在服务器的仓库里合并远程的修改(git pull --rebase)后推送。",
        "{count} commits are only on the server: someone changed the same files on {remote} "
        "({files}). The server never forces a push. Whoever looks after the handbook: merge "
        "the remote's changes in the server's repository (git pull --rebase), then push.",
    ),
    "push_rebased": (
        "{remote} 上有别的文件的新提交:已把服务器的 {count} 个提交接在它们后面并推送。",
        "{remote} had new commits to other files: the server's {count} commits were put "
        "after them and pushed.",
    ),
    # --- starting ---------------------------------------------------------------------
    "start_no_plugin": (
        "{config} 里没有 playbook 插件(plugins: - playbook)。",
        "{config} has no playbook plugin (plugins: - playbook).",
    ),
    "start_not_git": (
        "{root} 不在 git 仓库里:服务器把每次保存记录为一个提交,需要一个仓库(git init)。",
        "{root} is not in a git repository: the server records each save as a commit and "
        "needs one (git init).",
    ),
    "start_no_commit": (
        "{root} 的仓库还没有任何提交:请先提交手册的文件(git add -A && git commit)。",
        "The repository of {root} has no commit yet: commit the handbook's files first "
        "(git add -A && git commit).",
    ),
    "start_no_branch": (
        "仓库不在任何分支上(detached HEAD):请先切换到手册的分支(git switch main)。",
        "The repository is on no branch (detached HEAD): switch to the handbook's branch "
        "first (git switch main).",
    ),
    "start_remote_unreachable": (
        "无法连接推送目标 {remote}:{detail}。服务器没有启动,什么都没有写入。请检查 "
        "git remote -v 和网络,或者不带 --push 启动。",
        "Cannot reach the push target {remote}: {detail}. The server did not start and "
        "wrote nothing. Check git remote -v and the network, or start without --push.",
    ),
    "start_foreign_changes": (
        "{paths} 有尚未提交的修改,不是服务器做的。服务器不会替别人提交或丢弃修改:请先提交"
        "(git commit)或撤销(git restore)它们,再启动。",
        "{paths} have uncommitted changes the server did not make. The server never commits "
        "or discards someone else's work: commit (git commit) or undo (git restore) them, "
        "then start again.",
    ),
    "start_operation_in_progress": (
        "仓库里有一个没做完的 git 操作({operation}):请先完成或放弃它(例如 git rebase --abort)。",
        "The repository has a git operation in progress ({operation}): finish or abort it "
        "first (e.g. git rebase --abort).",
    ),
    "start_needs_audiences": (
        "playbook server 把每个受众的网站发布在 site/<受众>/(playbook nginx 写的配置就是这样"
        "提供的):请在 mkdocs.yml 的 playbook 插件下写明 audiences,例如 team: {{}}。",
        "playbook server publishes each audience's site at site/<audience>/ (as the block "
        "playbook nginx writes serves them): add audiences to the playbook plugin in "
        "mkdocs.yml, e.g. team: {{}}.",
    ),
    "start_no_people": (
        "mkdocs.yml 的 editor.people 里还没有人:谁都不能保存。",
        "Nobody is listed under editor.people in mkdocs.yml: nobody can save.",
    ),
    "start_bad_person": (
        "mkdocs.yml:editor.people.{login}:“{value}”不是“姓名 <邮箱>”的写法。",
        "mkdocs.yml: editor.people.{login}: “{value}” is not written as “Name <email>”.",
    ),
    "start_bad_listen": (
        "--listen {value}:请写成 主机:端口,例如 127.0.0.1:8010。",
        "--listen {value}: write it as host:port, e.g. 127.0.0.1:8010.",
    ),
    "start_bad_proxy": (
        "--trusted-proxy {value}:不是一个 IP 地址或网段。",
        "--trusted-proxy {value}: not an IP address or network.",
    ),
    "start_listen_failed": (
        "无法在 {listen} 上接收请求:{detail}。是不是已经有一个服务器在运行?",
        "Cannot answer on {listen}: {detail}. Is another server running there already?",
    ),
    "started": (
        "playbook server 在 http://{listen} 上运行;受众:{audiences};推送:{push}。",
        "playbook server is running on http://{listen}; audiences: {audiences}; push: {push}.",
    ),
    # --- recovering a save a restart interrupted --------------------------------------
    "recovered_forward": (
        "上次的保存在写入文件之后、提交之前中断:已按原作者 {author} 提交({paths})。",
        "The last save stopped after writing its files and before its commit: it is now "
        "committed, by its author {author} ({paths}).",
    ),
    "recovered_back": (
        "上次的保存在写入文件的途中中断:{paths} 已恢复为最后一次提交的内容,这次保存没有生效。",
        "The last save stopped while writing its files: {paths} are back as last committed; "
        "that save did not happen.",
    ),
    "recovered_nothing": (
        "上次的保存在写入文件之前中断:没有文件被改动。",
        "The last save stopped before writing any file: nothing was changed.",
    ),
    "recovered_lock": (
        "删除了上次中断时留下的 git 锁文件 {path}。",
        "Removed the git lock file {path} left by the interrupted run.",
    ),
    # --- the status page --------------------------------------------------------------
    "status_title": ("服务器状态", "Server status"),
    "status_push": ("推送", "Pushing"),
    "status_sites": ("网站", "Sites"),
    "status_site_row": (
        "{audience}:最近一次更新 {when}(用时 {seconds} 秒),提交 {commit}",
        "{audience}: last updated {when} (in {seconds} s), commit {commit}",
    ),
    "status_site_waiting": ("{audience}:正在生成……", "{audience}: being built…"),
    "status_site_error": ("{audience}:生成失败:{error}", "{audience}: the build failed: {error}"),
    "status_full_build": (
        "完整构建(搜索索引、各汇总页):最近一次 {when}(用时 {seconds} 秒)",
        "Full build (search index, every page): last {when} (in {seconds} s)",
    ),
    "status_full_build_never": ("完整构建:还没有完成过。", "Full build: not done yet."),
    "status_full_build_error": ("完整构建失败:{error}", "The full build failed: {error}"),
    "status_notes": ("启动时的说明", "Notes from the start"),
    "status_no_sites": (
        "这个服务器不生成网站(--no-sites):网站由别处(例如 CI)从推送的仓库构建。",
        "This server keeps no sites (--no-sites): they are built elsewhere (CI, say) from "
        "the pushed repository.",
    ),
    "status_local_changes": (
        "服务器的仓库里有不是服务器做的未提交修改:{paths}",
        "The server's repository has uncommitted changes the server did not make: {paths}",
    ),
}


def word(key: str, language: str, **values: object) -> str:
    """The words of ``key`` in ``language`` (Chinese for ``zh…``, else English), filled in."""
    zh, en = WORDS[key]
    return (zh if language.startswith("zh") else en).format(**values)


def words_for(keys: tuple[str, ...], language: str) -> dict[str, str]:
    """Several keys' words unfilled, for the browser (which fills ``{placeholders}`` itself)."""
    return {key: WORDS[key][0 if language.startswith("zh") else 1] for key in keys}
