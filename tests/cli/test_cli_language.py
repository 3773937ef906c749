"""Every ``youthmap`` command speaks one language, chosen the same way for all: ``youthmap
--lang en COMMAND`` or ``YOUTHMAP_LANG``, else Chinese. A sample of commands (summaries,
progress lines, errors in files and options, refusals) is run in each language and its
output searched for a sentence of the other one; ids, file names, option names, codes,
units and the data's own names are allowed."""

from __future__ import annotations

import re

import pytest

from geo.cli import main

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
WORD = re.compile(r"[A-Za-z][A-Za-z']+")

ALLOWED_WORDS = {
    # units, formats, codes and names that are the same in both languages
    "km", "WGS", "csv", "txt", "xlsx", "geojson", "gpkg", "parquet", "png", "pdf", "html", "pptx",
    "sqlite", "db", "tmp", "HiGHS", "ortools", "minmax", "weighted", "mclp", "lscp",
    "youth", "id", "lon", "lat", "name", "county", "province", "population",
    "youthmap", "user", "add", "NAME", "role", "central", "communities", "youth_homes",
}  # fmt: skip
"""English words allowed in Chinese output: units, file types, option values, column ids
and the command a message quotes (``youthmap user add NAME --role central``)."""


def _plain(text: str, *allowed: str) -> str:
    """``text`` without the allowed parts: paths and names given, option names, URLs."""
    text = re.sub(r"\w+://[^\s\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]*", " ", text)  # URLs
    for part in sorted(allowed, key=len, reverse=True):
        text = text.replace(part, " ")
    return re.sub(r"--[a-z][a-z-]*", " ", text)  # option names


GIVEN = ("bad.csv", "c.csv", "h.csv", "o.csv", "p.txt", "m.png", "“east”")
"""File names and the value the commands are given (shown as given in either language)."""


def _english_words(text: str) -> list[str]:
    return [w for w in WORD.findall(text) if w not in ALLOWED_WORDS]


@pytest.fixture(scope="module")
def files(tmp_path_factory, layers):
    d = tmp_path_factory.mktemp("cli_lang")
    c = layers.communities[layers.communities["county_code"] == "440106"]
    c.drop(columns="geometry").to_csv(d / "c.csv", index=False)
    h = layers.youth_homes[layers.youth_homes["city_code"] == "4401"].head(40)
    h.drop(columns="geometry").to_csv(d / "h.csv", index=False)
    bad = c.drop(columns="geometry").head(5).astype(str)
    bad.loc[bad.index[1], "lon"] = "east"
    bad.to_csv(d / "bad.csv", index=False)
    return d


def _commands(d) -> list[list[str]]:
    db = f"sqlite:///{d}/lang.db"
    return [
        ["coverage", "--communities", f"{d}/c.csv", "--homes", f"{d}/h.csv", "--out", f"{d}/o.csv"],
        ["validate", f"{d}/bad.csv", "--layer", "communities"],
        ["demo", "--total", "-3", "--out", f"{d}/demo"],
        ["map", "--province", "99", "--out", f"{d}/m.png"],
        ["pair", "--communities", f"{d}/c.csv", "--out", f"{d}/p.txt"],
        ["user", "list", "--db", db],
        ["user", "add", "x", "--role", "county", "--password-stdin", "--db", db],
        ["plan", "list", "--db", db],
        ["db", "status", "--db", db],
    ]


@pytest.mark.parametrize("how", ["option", "env"])
def test_every_command_speaks_english_when_asked(files, how, capsys, monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("short\n"))
    for argv in _commands(files):
        if how == "option":
            main(["--lang", "en", *argv])
        else:
            monkeypatch.setenv("YOUTHMAP_LANG", "en")
            main(argv)
        out, err = capsys.readouterr()
        assert out + err, argv
        assert not CJK.search(_plain(out + err, str(files), *GIVEN)), (argv, out + err)


def test_every_command_speaks_chinese_by_default(files, capsys, monkeypatch) -> None:
    monkeypatch.delenv("YOUTHMAP_LANG", raising=False)
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("short\n"))
    for argv in _commands(files):
        main(argv)
        out, err = capsys.readouterr()
        assert CJK.search(out + err), (argv, out + err)
        words = _english_words(_plain(out + err, str(files), *GIVEN))
        assert not words, (argv, words, out + err)


def test_the_same_problem_reads_in_the_chosen_language(files, capsys) -> None:
    argv = ["demo", "--total", "-3", "--out", f"{files}/demo"]
    assert main(["--lang", "en", *argv]) == 2
    assert capsys.readouterr().err.strip() == (
        "error: option --total: must be a positive number of communities"
    )
    assert main(argv) == 2
    assert capsys.readouterr().err.strip() == "错误：选项 --total：须为正的社区数"


def test_a_command_level_lang_and_the_global_one_agree(files, capsys) -> None:
    argv = ["validate", f"{files}/bad.csv", "--layer", "communities"]
    main(["--lang", "en", *argv])
    before = capsys.readouterr()
    main([*argv, "--lang", "en"])
    after = capsys.readouterr()
    assert before == after and "is not a number" in before.out + before.err
