"""``youthmap select``: apportion the quota and pick the chosen list.

Scores the communities like ``youthmap score`` (or takes their ``score`` column when the
file is the output of ``youthmap score`` and no ``--weights`` are given), apportions
``--total`` over the 31 provinces and the XPCC, picks the top communities of every unit
under the constraints, and writes the chosen list; the quota table is printed. CSV and
XLSX are written in ``--lang`` unless ``--raw-headers``; the 备案表 (``--filing``) always
in ``--lang``. A scored list written by ``youthmap score`` is read back by its score
column in either language (综合得分, Score) or its machine name.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from geo import i18n
from geo.cli._common import (
    NAME_COLUMNS,
    TABLE_EXTENSIONS,
    add_lang_options,
    check_outputs,
    help_text,
    say,
    table_lines,
    write_output,
)
from geo.cli.score import (
    add_score_options,
    embedded_simulated,
    indicator_frame,
    load_inputs,
    score_inputs,
    unmeasured_words,
    weights_words,
)
from geo.core._validation import Interval, Real, Spec, check_all
from geo.core.errors import InputError
from geo.core.params import (
    QUOTA_BASES,
    QUOTA_DEFAULT_TOTAL,
    SELECTION_DEFAULT_HOME_WITHIN_M,
    SELECTION_HOME_RULES,
)


def register(sub: argparse._SubParsersAction, lang: str) -> None:
    p = sub.add_parser("select", help=help_text("select", lang))
    add_score_options(p, lang)
    p.add_argument(
        "--total",
        type=int,
        default=QUOTA_DEFAULT_TOTAL,
        help=help_text("select.total", lang, default=QUOTA_DEFAULT_TOTAL),
    )
    p.add_argument(
        "--base",
        choices=QUOTA_BASES,
        default="urban_population",
        help=help_text("select.base", lang),
    )
    for option, kind, metavar in (
        ("--min-per-province", int, "N"),
        ("--max-per-county", int, "N"),
        ("--min-spacing-m", float, "D"),
        ("--campus-within-km", float, "K"),
    ):
        key = "select." + option[2:].replace("-", "_")
        p.add_argument(
            option,
            type=kind,
            default=0 if option == "--min-per-province" else None,
            metavar=metavar,
            help=help_text(key, lang),
        )
    p.add_argument(
        "--home-rule",
        choices=SELECTION_HOME_RULES,
        default="flag",
        help=help_text("select.home_rule", lang),
    )
    p.add_argument(
        "--home-within-m",
        type=float,
        default=SELECTION_DEFAULT_HOME_WITHIN_M,
        help=help_text(
            "select.home_within_m", lang, default=f"{SELECTION_DEFAULT_HOME_WITHIN_M:g}"
        ),
    )
    p.add_argument("--lock", metavar="F", help=help_text("select.lock", lang))
    p.add_argument("--exclude", metavar="F", help=help_text("select.exclude", lang))
    p.add_argument("--out", required=True, metavar="F", help=help_text("select.out", lang))
    p.add_argument("--quota-out", metavar="F", help=help_text("select.quota_out", lang))
    p.add_argument("--filing", metavar="F.xlsx", help=help_text("select.filing", lang))
    add_lang_options(p, lang)
    p.set_defaults(func=run)


def _read_ids(path: str) -> tuple[list[str], dict[str, str]]:
    import pandas as pd

    from geo.analysis import selection
    from geo.intake import io

    p = Path(path)
    if not p.exists():
        raise InputError.single("cli.problem.file_not_found", file=str(p))
    ext = p.suffix.lower()
    if ext in (".csv", ".xlsx"):  # the project's reader: encodings, limits, no formulas run
        frame = io.read_table(p).frame
    elif ext == ".txt":
        try:
            lines = p.read_text("utf-8-sig").splitlines()
        except UnicodeDecodeError:
            raise InputError.single("data.problem.encoding", file=p.name, code="encoding") from None
        frame = pd.DataFrame({"id": [s.strip() for s in lines if s.strip()]})
    else:
        raise InputError.single(
            "cli.problem.id_list_type",
            file=p.name,
            ext=ext or "?",
        )
    return selection.read_id_list(frame, p.name), selection.read_reasons(frame)


def _non_negative(option: str) -> Interval:
    return Interval(Real, 0, None, key="params.non_negative", column=option)


OPTIONS: dict[str, Spec] = {
    "total": _non_negative("--total"),
    **{
        name: [None, _non_negative(f"--{name.replace('_', '-')}")]
        for name in ("max_per_county", "min_spacing_m", "campus_within_km", "min_per_province")
    },
}
"""What the command's numeric options may be (declared once, checked before any reading)."""


def run(args: argparse.Namespace) -> int:
    import pandas as pd

    from geo.analysis import quota, selection
    from geo.export import filing, labels

    check_all(vars(args), OPTIONS)
    check_outputs(args, out=None, quota_out=TABLE_EXTENSIONS, filing=(".xlsx",))
    communities, layers, notes = load_inputs(args)
    locks, lock_reasons = _read_ids(args.lock) if args.lock else ([], {})
    excludes, _ = _read_ids(args.exclude) if args.exclude else ([], {})
    known = set(communities["id"].astype(str))
    bad = [
        problem
        for ids, f in ((locks, args.lock), (excludes, args.exclude))
        if ids
        for problem in selection.unknown_ids(ids, known, Path(f).name)
    ]
    if bad:
        raise InputError(bad)
    if "score" in communities.columns and not args.weights:
        frame = indicator_frame(communities, layers)
        frame["score"] = pd.to_numeric(communities["score"], errors="coerce").to_numpy()
        if frame["score"].isna().any():
            row = int(frame["score"].isna().to_numpy().nonzero()[0][0]) + 2
            raise InputError.single(
                "cli.problem.not_number",
                file=Path(args.communities).name,
                row=row,
                column="score",
                code="not_number",
            )
        frame["quota_unit"] = quota.quota_unit_of(frame).to_numpy()
        cands, weights_table = frame, None
        notes.append(i18n.t("cli.select.file_score", args.lang))
    else:
        cands, result = score_inputs(communities, layers, args)
        weights_table = labels.localize(
            i18n.render_terms(result.weights_table(cands), args.lang).drop(columns="key"),
            args.lang,
        )
        lang = args.lang
        notes.append(
            i18n.t(
                "cli.select.scored",
                lang,
                method=i18n.t(f"scoring.method.{result.method}", lang),
                normalise=i18n.t(f"scoring.normalise.{result.normalise}", lang),
                weights=weights_words(result.weights, lang),
            )
        )
        if result.unmeasured:
            notes.append(unmeasured_words(result.unmeasured, lang))
    bases = quota.unit_bases(cands)
    table = quota.national_quotas(bases, args.total, args.base, minimum=args.min_per_province)
    cons = selection.Constraints(
        max_per_county=args.max_per_county,
        min_spacing_m=args.min_spacing_m,
        campus_within_m=args.campus_within_km * 1000 if args.campus_within_km is not None else None,
        home_rule=args.home_rule,
        home_within_m=args.home_within_m,
    )
    quotas = dict(zip(table["unit"], table["quota"], strict=True))
    res = selection.select(cands, quotas, cons, locks=locks, excludes=excludes)
    chosen = filing.chosen_export(res.chosen)
    if not args.raw_headers and Path(args.out).suffix.lower() in TABLE_EXTENSIONS:
        # yes/no for people (GIS files and raw headers keep 0/1)
        flags = [c for c in chosen.columns if c in res.chosen and res.chosen[c].dtype == bool]
        chosen[flags] = res.chosen[flags].to_numpy()
        if "top_indicators" in chosen:  # named for people; plan save --from reads names back
            chosen["top_indicators"] = [
                i18n.join(labels.indicator_names(v.split(","), args.lang), args.lang) if v else ""
                for v in chosen["top_indicators"].astype(str)
            ]
    path = write_output(chosen, args.out, args, sheet="chosen")
    q = table.merge(res.quotas[["unit", "chosen", "locked", "shortfall"]], on="unit", how="left")
    if args.quota_out:
        people = not args.raw_headers  # the name is in --lang: no English-name column
        write_output(
            q.drop(columns="name_en") if people else q,
            args.quota_out,
            args,
            sheet="quotas",
            places=("name",),
        )
    if args.filing:
        # "Youth Home nearby" as the pick's own rule read it (not the filing's 1,500 m)
        ft = filing.filing_table(
            res.chosen, changes=lock_reasons, lang=args.lang, home_near_m=args.home_within_m
        )
        k = 2 if args.lang == "en" else 1  # the filing's own headers of its place columns
        where = [c[k] for c in filing.FILING_COLUMNS if c[0] in labels.PLACE_COLUMNS]
        ft = labels.localize_values(ft, args.lang, where)
        rows = res.chosen.get("simulated", pd.Series(False, index=res.chosen.index))
        filing.write_filing(
            ft,
            args.filing,
            weights=weights_table,
            lang=args.lang,
            simulated=bool(rows.fillna(False).astype(bool).any()),
            simulated_homes=embedded_simulated(args, layers, "youth_homes"),
        )
    _report(args, res, q, len(cands), path, notes)
    for written in (args.quota_out, args.filing):
        if written:
            say(args, "cli.wrote", path=written)
    return 0


def _report(args: argparse.Namespace, res, q, n: int, path: Path, notes: list[str]) -> None:  # noqa: ANN001
    """Print the pick's summary, the quota table and the shortfalls in ``args.lang``."""
    from geo.analysis import quota

    lang = args.lang
    say(
        args,
        "cli.select.done",
        chosen=f"{len(res.chosen):,}",
        n=f"{n:,}",
        total=f"{args.total:,}",
        path=path,
    )
    for note in notes:
        print(f"  {note}")
    head = [i18n.t(f"selection.col.{c}", lang) for c in ("unit", "name")]
    head += [i18n.t("common.region", lang)]
    head += [i18n.t(f"selection.col.{c}", lang) for c in ("quota", "chosen", "locked", "shortfall")]
    name_col = "name_en" if lang == "en" and "name_en" in q.columns else "name"
    # a province's own list leaves the other units at 0: listed, they would bury its line
    listed = q.loc[(q["quota"] > 0) | (q["chosen"] > 0) | (q["shortfall"] > 0)]
    rows = [
        [r["unit"], r[name_col], i18n.t(f"region.{r['region']}", lang)]
        + [int(r[c]) for c in ("quota", "chosen", "locked", "shortfall")]
        for _, r in listed.iterrows()
    ]
    for line in table_lines([head, *rows], [False] * 3 + [True] * 4, {1: NAME_COLUMNS}):
        print(line)
    if len(listed) < len(q):
        print("  " + i18n.t("cli.select.unlisted", lang, n=len(q) - len(listed)))
    ok, d = quota.totals_check(q, args.total)
    verdict = i18n.t("common.yes", lang) if ok else f"{i18n.t('common.no', lang)} ({d:+d})"
    say(
        args,
        "cli.select.totals",
        quota=f"{int(q['quota'].sum()):,}",
        total=f"{args.total:,}",
        ok=verdict,
    )
    short = q[q["shortfall"] > 0]
    sep = "，" if lang == "zh" else ", "
    if len(short):
        parts = sep.join(
            f"{n} {int(k):,}" for n, k in zip(short[name_col], short["shortfall"], strict=True)
        )
        print("  " + i18n.t("cli.select.shortfall", lang, units=parts))
    for _, v in res.violations.iterrows():
        broken = i18n.t(f"selection.violation.{v['constraint']}", lang)
        print("  " + i18n.t("cli.select.violation", lang, id=v["id"], constraint=broken))
