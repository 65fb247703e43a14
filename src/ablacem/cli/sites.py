"""``ablacem site add`` and ``ablacem site list``: the study's recruiting centres (issue 14)."""

from __future__ import annotations

import argparse
import sys

from .web import setup_django


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``site`` subcommand (``add``, ``list``)."""
    p = sub.add_parser("site", help="add or list the study's sites")
    actions = p.add_subparsers(dest="site_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add a site (its code starts its patients' study IDs)")
    add.add_argument("code", help="site code, e.g. TOR (upper-case letters and digits)")
    add.add_argument("--name", required=True, help="the site's full name")
    add.add_argument("--time-zone", required=True, help="IANA time zone, e.g. America/Toronto")
    add.set_defaults(handler=run_site_add)
    listing = actions.add_parser("list", help="list the sites: code, time zone, patients, name")
    listing.set_defaults(handler=run_site_list)


def run_site_add(args: argparse.Namespace) -> int:
    """Add a site as the system (whoever runs the command controls the server)."""
    setup_django()
    from django.core.exceptions import ValidationError

    from ablacem.edc.actors import Actor
    from ablacem.edc.services import site_create

    try:
        site = site_create(code=args.code, name=args.name, time_zone=args.time_zone, actor=Actor.system("site add"))
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            for message in messages:
                print(f"{field}: {message}", file=sys.stderr)
        return 1
    print(f"added site {site.code} ({site.time_zone})")
    return 0


def run_site_list(args: argparse.Namespace) -> int:
    """Print one line per site (the default site is created first when missing)."""
    setup_django()
    from django.db.models import Count

    from ablacem.edc.models import Site
    from ablacem.edc.sites import default_site

    default_site()
    for site in Site.objects.annotate(n=Count("patients")).order_by("code"):
        print(f"{site.code}\t{site.time_zone}\t{site.n} patients\t{site.name}")
    return 0
