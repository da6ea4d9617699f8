"""`svidok verify` and `svidok anchor`: tamper evidence that can be checked by anyone."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from svidok.cli.common import err, fail, open_case, out, shown

if TYPE_CHECKING:
    from svidok.services.case import Case
    from svidok.services.verify import VerifyResult


def _say(text: str) -> None:
    out.print(text, markup=False, highlight=False, soft_wrap=True)


def _print_result(result: VerifyResult) -> None:
    for warning in result.warnings:
        err.print(f"warning: {shown(warning)}", markup=False, highlight=False, soft_wrap=True)
    first = result.first
    if first is None:
        _say(f"OK: {result.events} custody events, {result.objects} objects, "
             f"{result.documents} documents verified")
    else:
        _say(f"BROKEN: {first.line()}")
        for p in result.first_of_each_kind()[1:]:
            _say(f"  first {p.kind} problem: {p.line()}")
        if len(result.problems) > 1:
            _say(f"  ({len(result.problems)} problems in all; --json lists every one)")
    _say(f"key fingerprint: {result.key_fingerprint or '(no public key)'}")
    _say(f"tree head: size {result.tree_size}, root {result.root_hash or '-'}")
    if result.anchors:
        _say(f"anchors: the log extends all {result.anchors} given")


def verify_cmd(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    against: list[Path] = typer.Option(None, "--against",
                                       help="Anchor file(s) the log must extend: --against A.json B.json"),
    repair: bool = typer.Option(False, "--repair",
                                help="Rebuild derived rows from the originals and the log (signs)."),
) -> None:
    """Check every object, the signed custody chain, its tree head and the derived rows. Exit 1 if
    anything is broken. Needs only the public key (and any anchors); --repair needs the key.

    Example: svidok --case kharkiv-2022 verify --against anchor-120.json
    """
    from svidok.services.verify import verify_case

    if ctx.args and not against:
        fail(f"unexpected argument {ctx.args[0]!r} (anchor files follow --against)")
    anchors = [*(against or []), *map(Path, ctx.args)]  # --against A B C, or --against A --against B
    case = open_case(ctx, load_key=repair)
    try:
        if repair:
            result = _repair(case, anchors)
        else:
            result = verify_case(case, anchors)
    finally:
        case.close()
    if as_json:
        out.print_json(json.dumps(result.to_json()))
    else:
        _print_result(result)
    if not result.ok:
        raise typer.Exit(1)


def _repair(case: Case, anchors: list[Path]) -> VerifyResult:
    from svidok.services.case import CaseError
    from svidok.services.repair import RepairError, repair_case

    try:
        report = repair_case(case, anchors)
    except (RepairError, CaseError) as exc:
        fail(str(exc))
    for name, ids in (("metadata restored", report.metadata), ("texts re-read", report.texts),
                      ("re-read but not identical to the recorded text", report.texts_not_identical),
                      ("documents relinked", report.relinked),
                      ("incident rows rewritten from their records", report.incident_rows)):
        if ids:
            _say(f"repair: {name}: {', '.join(i[:12] for i in ids)}")
    if report.reviews_not_derivable:
        _say("repair: review rows are not derivable and were left as they are: "
             + ", ".join(str(r) for r in report.reviews_not_derivable))
    if not (report.changed or report.reviews_not_derivable):
        _say("repair: nothing to repair")
    assert report.after is not None
    return report.after


def anchor_cmd(
    ctx: typer.Context,
    output: Path = typer.Option(None, "-o", "--output", help="Anchor file (default anchor-SIZE.json)."),
    tsq: Path = typer.Option(None, "--tsq", help="Also write an RFC 3161 TimeStampReq (DER) here."),
    verify_tsr: Path = typer.Option(None, "--verify-tsr", help="Check a TimeStampResp brought back..."),
    anchor: Path = typer.Option(None, "--anchor", help="...against this anchor file."),
) -> None:
    """Write the signed tree head of the custody log and the key fingerprint to a small file to
    mail, print or publish; `verify --against FILE` later proves the log only grew since.

    --tsq also writes an RFC 3161 request for any time-stamp authority; --verify-tsr checks the
    response it gives back against the anchor.

    Example: svidok --case kharkiv-2022 anchor --tsq anchor.tsq
    """
    from svidok.evidence.treehead import AnchorError
    from svidok.services.anchor import check_response, write_anchor

    if verify_tsr is not None or anchor is not None:
        if verify_tsr is None or anchor is None:
            fail("--verify-tsr and --anchor go together")
        try:
            check = check_response(anchor, verify_tsr)
        except AnchorError as exc:
            fail(str(exc))
        for line in check.lines:
            _say(line)
        _say("OK: the time stamp covers the anchor" if check.ok else "BROKEN: the time stamp does not match")
        if not check.ok:
            raise typer.Exit(1)
        return
    case = open_case(ctx)
    try:
        made, path = write_anchor(case, output, tsq)
    except AnchorError as exc:
        fail(str(exc))
    finally:
        case.close()
    _say(f"anchor written to {path}")
    _say(f"tree size: {made.head.tree_size}")
    _say(f"root hash: {made.head.root_hash}")
    _say(f"timestamp: {made.head.timestamp}")
    _say(f"key fingerprint: {made.key_fingerprint}")
    if tsq is not None:
        _say(f"time-stamp request written to {tsq} (send it to any RFC 3161 authority)")


def register(app: typer.Typer) -> None:
    app.command("verify", context_settings={"allow_extra_args": True})(verify_cmd)
    app.command("anchor")(anchor_cmd)
