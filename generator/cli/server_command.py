"""``playbook server``: the team's server (see :mod:`generator.server`)."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from ..server.people import LOOPBACK
from ..server.recovery import StartRefused
from ..server.run import ServerOptions, prepare, serve_forever
from .support import ContentError, lang_option, root_option


@click.command("server")
@root_option
@click.option(
    "--listen",
    default="127.0.0.1:8010",
    show_default=True,
    help="HOST:PORT to answer on (nginx in front passes requests to it).",
)
@click.option(
    "--push",
    "remote",
    default=None,
    help="Push every save to this git remote (a name such as origin, or a URL).",
)
@click.option(
    "--trusted-proxy",
    "proxies",
    multiple=True,
    help="An address or network of the proxy whose X-Remote-User is believed; "
    "repeatable (default: loopback, 127.0.0.0/8 and ::1).",
)
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where the audiences' sites are published (default: site/ in the handbook).",
)
@click.option(
    "--sites/--no-sites",
    default=True,
    show_default=True,
    help="Keep the audiences' sites current; --no-sites: commit and push only (CI builds them).",
)
@click.option("--threads", default=8, show_default=True, help="Requests answered at once.")
@lang_option
def server(
    root: Path,
    listen: str,
    remote: str | None,
    proxies: tuple[str, ...],
    site_dir: Path | None,
    sites: bool,
    threads: int,
    lang: str | None,
) -> None:
    """The team's server: the form editor for everyone, each save a git commit by its
    author (pushed with --push), the audiences' sites kept current. Behind nginx (see
    `playbook nginx --server`), which signs people in and passes X-Remote-User."""
    logging.getLogger("playbook.server").setLevel(logging.INFO)
    options = ServerOptions(
        root=root,
        listen=listen,
        push=remote,
        trusted_proxies=proxies or LOOPBACK,
        site_dir=site_dir,
        threads=threads,
        lang=lang,
        sites=sites,
    )
    try:
        team = prepare(options)
        serve_forever(team, threads, lambda said: click.echo(said, err=True))
    except StartRefused as exc:
        raise ContentError(str(exc)) from None
