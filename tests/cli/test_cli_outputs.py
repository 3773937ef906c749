"""Outputs that cannot be written (a folder under a file, a full disk) are one line and
exit 2 from the command line, an InputError naming the file from the library."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from geo.core.errors import InputError
from geo.intake import io as gio
from tests import _scoring_data as sd
from tests._paths import ROOT
from tests.db.test_store_limits import _fill, tiny_filesystem


@pytest.fixture(scope="module")
def communities(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("out") / "社区.csv"
    pd.DataFrame(sd.communities(30, 4).drop(columns="geometry", errors="ignore")).to_csv(
        path, index=False
    )
    return path


@pytest.mark.parametrize(
    "extra",
    [
        ["import", "--layer", "communities", "--out", "/dev/null/x.csv"],
        ["select", "--total", "6", "--out", "{dir}/c.csv", "--filing", "/dev/null/备案表.xlsx"],
    ],
    ids=["import", "select-filing"],
)
def test_an_output_under_a_file_exits_2_in_one_line(communities, extra):
    args = [a.replace("{dir}", str(communities.parent)) for a in extra]
    cmd = [sys.executable, "-m", "geo", args[0]]
    cmd += [str(communities)] if args[0] == "import" else ["--communities", str(communities)]
    done = subprocess.run(cmd + args[1:], capture_output=True, text=True, timeout=300)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    errors = [ln for ln in done.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1 and "/dev/null" in errors[0]


def test_a_full_disk_is_an_input_error_naming_the_file(tmp_path):
    frame = pd.DataFrame({"id": [f"C{k}" for k in range(20_000)], "name": ["社区" * 20] * 20_000})
    with tiny_filesystem(tmp_path / "disk", 256) as disk:
        _fill(disk)
        for ext in (".csv", ".xlsx"):
            with pytest.raises(InputError) as exc:
                gio.write_table(frame, disk / f"out{ext}")
            assert exc.value.problems[0].code == "cannot_write"
            assert exc.value.problems[0].file == f"out{ext}"
        (disk / "filler").unlink()


@pytest.fixture(autouse=True)
def _english_messages(monkeypatch):
    """These tests read the commands' English wording (``YOUTHMAP_LANG=en``; the Chinese
    default and the choice of language are tests/cli/test_cli_language.py's)."""
    monkeypatch.setenv("YOUTHMAP_LANG", "en")


def test_a_reader_that_stops_reading_gets_no_error(tmp_path) -> None:
    """``youthmap … | head -1``: the reader closed the pipe before the command wrote. The
    command stops with exit 1 and says nothing (before: "error: Broken pipe", and at exit
    Python's "Exception ignored … BrokenPipeError")."""
    out = tmp_path / "模板.csv"
    argv = ["records", "template", "--type", "activities", "--out", str(out), "--lang", "en"]
    proc = subprocess.Popen(  # noqa: S603 - our own command line
        [sys.executable, "-m", "geo", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    proc.stdout.close()  # gone before the command's first line
    _, err = proc.communicate(timeout=120)
    assert out.exists()  # the command did its work; only its report had no reader
    assert (proc.returncode, err.decode()) == (1, "")


def test_a_fault_inside_a_command_is_one_line_without_a_traceback(monkeypatch, capsys):
    """A fault of YouthMap's own (a bug, not the input) printed Python's traceback, with the
    server's paths in it, to whoever ran the command."""
    from geo.cli import main
    from geo.cli import plan as cli_plan

    def broken(args):  # noqa: ANN001, ANN202
        raise AttributeError("'DataFrame' object has no attribute 'str' (/srv/youthmap/x.py)")

    monkeypatch.setattr(cli_plan, "_list", broken)
    monkeypatch.delenv("YOUTHMAP_DEBUG")
    assert main(["plan", "list"]) == 70
    err = capsys.readouterr().err
    assert err.startswith("internal error (AttributeError): a fault of YouthMap's own"), err
    assert err.count("\n") == 1 and "/srv" not in err and "Traceback" not in err
    monkeypatch.setenv("YOUTHMAP_DEBUG", "1")  # the maintainers' view: raised as it was
    with pytest.raises(AttributeError):
        main(["plan", "list"])


@pytest.mark.parametrize("month", ["2021-13", "2021-00", "0000-01", "2021-9"])
def test_a_month_that_is_not_one_is_refused_by_option(month, capsys, tmp_path, monkeypatch):
    """``progress --month 2021-13`` ended in "internal error (DateParseError)", exit 70: the
    shape YYYY-MM was checked, not the month. Now it is refused as 2021-9 was."""
    from geo.cli import main

    monkeypatch.setenv("YOUTHMAP_HOME", str(tmp_path))
    assert main(["progress", "--month", month, "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: option --month: ") and month in err and "internal" not in err


def test_a_demo_too_small_for_its_provinces_says_so(tmp_path, capsys):
    """``demo --total 10 --provinces 46``: ten communities over the country leave Hainan
    none. It ended in "internal error (KeyError)", exit 70; now one line saying why, exit 2,
    and no folder written."""
    from geo.cli import main

    out = tmp_path / "d"
    args = ["demo", "--total", "10", "--provinces", "46", "--out", str(out), "--lang", "zh"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert (
        "全国 10 个社区按城镇人口分到各区县后，所选省份一个也没有分到" in err and not out.exists()
    )
