"""Runs ``youthmap`` commands under a 1 GiB address-space cap, one per line of standard input.

Started by :mod:`tests.cli.test_hostile_inputs`. The cap is set before anything is imported,
then the command-line entry point (:func:`geo.cli.main`, what the ``youthmap`` console
script calls) is imported once, and each line of standard input — a JSON list of
arguments — is run through it with its output captured. One JSON line answers each:
``{"code": exit code, "stdout": …, "stderr": …}``, or ``{"uncaught": repr, "traceback": …}``
when anything escapes ``main`` (that is a traceback a user would see). The parent reads
each answer with a 10 s timeout and kills the worker when it does not come.
"""

from __future__ import annotations

import contextlib
import io
import json
import resource
import sys
import traceback

CAP_BYTES = 1024**3

resource.setrlimit(resource.RLIMIT_AS, (CAP_BYTES, CAP_BYTES))

from geo.cli import main  # noqa: E402 - imported under the cap

print(json.dumps({"ready": True}), flush=True)
for line in sys.stdin:
    argv = json.loads(line)
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
        answer = {"code": code}
    except SystemExit as exc:  # argparse refusing the arguments
        answer = {"code": exc.code}
    except BaseException as exc:  # noqa: BLE001 - reported to the parent as a failure
        answer = {"uncaught": repr(exc), "traceback": traceback.format_exc()}
    answer |= {"stdout": out.getvalue(), "stderr": err.getvalue()}
    print(json.dumps(answer, ensure_ascii=False), flush=True)
