"""``youthmap score``: score communities on their indicators.

Indicators the communities file lacks are computed from the layers given with ``--homes``,
``--campuses`` and ``--units``. For a layer not given, ``--embedded`` decides:

* ``auto`` (default): the embedded layer only when it is real data (the university
  campuses), never a simulated one (Youth Homes, resident units), so real communities are
  not scored against simulated neighbours;
* ``all``: the embedded layer even when simulated (for demos on the embedded data);
* ``none``: no embedded layer; indicator columns already in the communities file are kept.

The embedded 2020 county census fills missing youth, children, elderly and
one-person-65+ shares unless ``--embedded none``. The summary names the source of every
layer.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from geo import i18n
from geo.cli._common import (
    TABLE_EXTENSIONS,
    add_input_options,
    add_lang_options,
    check_outputs,
    column_words,
    help_text,
    read_layer_arg,
    say,
    write_output,
)
from geo.core.errors import InputError
from geo.core.params import SCORING_METHODS, SCORING_NORMALISATIONS

if TYPE_CHECKING:
    import pandas as pd

    from geo.analysis import scoring


def add_score_options(p: argparse.ArgumentParser, lang: str) -> None:
    """Options shared by ``score`` and ``select``."""
    p.add_argument("--communities", required=True, metavar="F", help=help_text("communities", lang))
    p.add_argument("--homes", metavar="F", help=help_text("score.homes", lang))
    p.add_argument("--campuses", metavar="F", help=help_text("score.campuses", lang))
    p.add_argument("--units", metavar="F", help=help_text("score.units", lang))
    p.add_argument(
        "--embedded",
        choices=("auto", "all", "none"),
        default="auto",
        help=help_text("score.embedded", lang),
    )
    p.add_argument(
        "--weights",
        metavar="K=W,…",
        help=help_text("score.weights", lang),
    )
    p.add_argument(
        "--method",
        choices=SCORING_METHODS,
        default="weighted",
        help=help_text("score.method", lang),
    )
    p.add_argument(
        "--normalise",
        choices=SCORING_NORMALISATIONS,
        default="minmax",
        help=help_text("score.normalise", lang),
    )
    add_input_options(p, lang)


def register(sub: argparse._SubParsersAction, lang: str) -> None:
    p = sub.add_parser("score", help=help_text("score", lang))
    add_score_options(p, lang)
    p.add_argument("--out", required=True, metavar="F", help=help_text("out_layer", lang))
    p.add_argument("--weights-out", metavar="F", help=help_text("score.weights_out", lang))
    add_lang_options(p, lang)
    p.set_defaults(func=run)


def _embedded(name: str, allow_simulated: bool = True):
    """The embedded census, or ``(layer, simulated)``; ``None`` when there is no data/.

    A simulated layer that is not allowed comes back as ``(None, True)`` without loading.
    """
    try:
        from geo import dataset

        if name == "census":
            return dataset.load_census()
        simulated = _simulated_embedded(name)
        if simulated and not allow_simulated:
            return None, True
        return dataset.load_layer(name), simulated
    except (ImportError, FileNotFoundError, OSError, KeyError, AttributeError):
        return None


def _simulated_embedded(name: str) -> bool:
    from geo import dataset

    return name in set(dataset.meta().get("simulated") or ())


LAYER_OPTIONS: tuple[tuple[str, str], ...] = (
    ("homes", "youth_homes"),
    ("campuses", "campuses"),
    ("units", "resident_units"),
)
"""The layer options :func:`load_inputs` reads, with their layers."""


def embedded_simulated(args: argparse.Namespace, layers: dict, name: str) -> bool:
    """Whether :func:`load_inputs` took the layer ``name`` (``youth_homes`` …) from the
    embedded dataset, where it is simulated (no file given for it)."""
    option = next(opt for opt, layer in LAYER_OPTIONS if layer == name)
    if getattr(args, option, None) or layers.get(name) is None:
        return False
    return _simulated_embedded(name)


def scored_columns() -> list[str]:
    """Machine names of the columns ``youthmap score`` adds to the communities (looked for
    under their headers when a scored list written for people is read back)."""
    from geo.analysis import indicators as ind
    from geo.export.labels import DERIVED_PREFIXES

    keys = list(ind.BY_KEY)
    fixed = ["score", "rank", "rank_in_province", "quota_unit", "hosts_home"]
    return [*fixed, *keys, *(f"{p}{k}" for p in DERIVED_PREFIXES for k in keys)]


def load_inputs(args: argparse.Namespace) -> tuple[pd.DataFrame, dict, list[str]]:
    """Read the communities and the other layers; returns (communities, layers, notes).

    A scored list written for people (``youthmap score --out scored.xlsx``) is read back
    with its score columns under their machine names (综合得分 → ``score``)."""
    from geo.export.labels import restore_columns

    communities = read_layer_arg(args.communities, "communities", args)
    communities = restore_columns(communities, scored_columns())
    if not len(communities):
        raise InputError.single("data.problem.no_rows", file=args.communities, code="empty")
    layers: dict[str, pd.DataFrame | None] = {}
    notes = []
    lang = args.lang

    def note(key: str, name: str, **values: object) -> None:
        notes.append(i18n.t(key, lang, layer=i18n.t(f"layer.{name}", lang), **values))

    for opt, name in LAYER_OPTIONS:
        path = getattr(args, opt, None)
        if path:
            layer = read_layer_arg(path, name, args)
            layers[name] = layer
            note("cli.score.layer_file", name, path=path, n=f"{len(layer):,}")
        elif (
            args.embedded != "none" and (got := _embedded(name, args.embedded == "all")) is not None
        ):
            if got[0] is None:
                layers[name] = None
                note("cli.score.layer_simulated", name)
            else:
                layers[name] = got[0]
                kind = i18n.t("cli.simulated_clause", lang) if got[1] else ""
                note("cli.score.layer_embedded", name, n=f"{len(got[0]):,}", simulated=kind)
        else:
            layers[name] = None
            note("cli.score.layer_none", name)
    census = None if args.embedded == "none" else _embedded("census")
    layers["census"] = census
    notes.append(i18n.t("cli.score.census" if census is not None else "cli.score.no_census", lang))
    return communities, layers, notes


def indicator_frame(communities: pd.DataFrame, layers: dict) -> pd.DataFrame:
    """The communities' indicators from the layers :func:`load_inputs` read."""
    from geo.analysis import indicators as ind

    return ind.compute(
        communities,
        layers["youth_homes"],
        layers["campuses"],
        layers["resident_units"],
        layers["census"],
    )


def score_inputs(
    communities: pd.DataFrame, layers: dict, args: argparse.Namespace
) -> tuple[pd.DataFrame, scoring.ScoreResult]:
    """Indicators scored with ``--weights``, ``--method`` and ``--normalise``.

    Returns
    -------
    candidates, result
        :func:`geo.analysis.scoring.candidates` of the indicator frame, and its score result.
    """
    from geo.analysis import indicators as ind
    from geo.analysis import scoring

    weights = scoring.parse_weights(args.weights) if args.weights else None
    if weights is not None:
        scoring.check_weights(
            weights, communities.assign(**{k: 0.0 for k in ind.BY_KEY}), "--weights"
        )
    frame = indicator_frame(communities, layers)
    result = scoring.score(frame, weights, args.method, args.normalise)
    return scoring.candidates(frame, result), result


def weights_words(weights: dict[str, float], lang: str) -> str:
    """Indicator weights as people read them: ``青年人口=0.200，…`` (the indicators' labels
    in ``lang``; a key that is no known indicator as it is)."""
    from geo.analysis import indicators as ind

    sep = "，" if lang == "zh" else ", "
    return sep.join(
        f"{i18n.text(ind.BY_KEY[k].term, lang) if k in ind.BY_KEY else k}={w:.3f}"
        for k, w in weights.items()
    )


def unmeasured_words(keys: tuple[str, ...], lang: str) -> str:
    """The line naming the indicators left out of the weights, none of the communities
    having a value of them (:attr:`geo.analysis.scoring.ScoreResult.unmeasured`)."""
    from geo.analysis import indicators as ind

    names = i18n.join(
        [i18n.text(ind.BY_KEY[k].term, lang) if k in ind.BY_KEY else k for k in keys], lang
    )
    return i18n.t("cli.score.unmeasured", lang, names=names)


def score_from_args(args: argparse.Namespace):
    """Read inputs, compute indicators and score; returns (candidates, result, notes)."""
    communities, layers, notes = load_inputs(args)
    cands, result = score_inputs(communities, layers, args)
    return cands, result, notes


def run(args: argparse.Namespace) -> int:
    check_outputs(args, out=None, weights_out=TABLE_EXTENSIONS)
    cands, result, notes = score_from_args(args)
    path = write_output(cands, args.out, args, sheet="scores")
    if args.weights_out:
        # the indicators' labels in the file's language (English beside raw headers)
        lang = "en" if args.raw_headers else args.lang
        weights = i18n.render_terms(result.weights_table(cands), lang)
        if not args.raw_headers:  # people read the indicator's label; scripts its key
            weights = weights.drop(columns="key")
        write_output(weights, args.weights_out, args, sheet="weights")
    est = [c for c in cands.columns if c.startswith("estimated_") and cands[c].any()]
    lang = args.lang
    say(
        args,
        "cli.score.done",
        n=f"{len(cands):,}",
        method=i18n.Term(f"scoring.method.{result.method}"),
        normalise=i18n.Term(f"scoring.normalise.{result.normalise}"),
        path=path,
    )
    for note in notes:
        print(f"  {note}")
    sep = "，" if lang == "zh" else ", "
    if est:
        words = sep.join(f"{column_words(c[10:], lang)} ({int(cands[c].sum())})" for c in est)
        print("  " + i18n.t("cli.score.estimated", lang, columns=words))
    print("  " + i18n.t("cli.score.weights", lang, weights=weights_words(result.weights, lang)))
    if result.unmeasured:
        print("  " + unmeasured_words(result.unmeasured, lang))
    top = cands.sort_values("rank").head(5)
    for _, row in top.iterrows():
        score = i18n.t("cli.score.score", lang, score=f"{row['score']:.4f}")
        print(f"  #{int(row['rank'])} {row['id']} {row.get('name', '')} {score}")
    sys.stdout.flush()
    return 0
