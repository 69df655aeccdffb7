"""The communication norms of every active account side by side (the house norms are
hand-written: ``docs/norms/index.md``)."""

from __future__ import annotations

from ..format.model import ClientStatus
from . import places, raw_html
from .places import GeneratedPage
from .site import Site


def pages(site: Site) -> list[GeneratedPage]:
    active = [e for e in site.clients if e.data.status is ClientStatus.active]
    return [
        site.page(
            places.NORMS_BY_ACCOUNT,
            "norms.md.j2",
            site.t("norms_by_account"),
            site.t("norms_by_account_intro"),
            clients=active,
            house_norms=places.NORMS in site.context.hand_written,
            cell=raw_html.cell,
            link=lambda target, anchor="": raw_html.href(
                places.NORMS_BY_ACCOUNT, target, anchor, site.context.directory_urls
            ),
        )
    ]
