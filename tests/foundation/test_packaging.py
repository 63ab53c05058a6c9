"""Packaging (issue #16 item 5): ``python -m build`` makes an sdist and a wheel (the wheel built
from the sdist, so the sdist is complete), and the wheel installed in a fresh virtual
environment runs ``ketlab --help`` and one small command.

The fresh environment gets the wheel with ``--no-deps``; its dependencies (numpy, scipy,
typer, ...) are made visible through a ``.pth`` file naming this environment's
site-packages, so the test needs no download beyond the isolated build backend (setuptools).
A ``.pth`` line only extends ``sys.path``: the editable install of the source tree (a finder
registered by a ``.pth`` file there) is not activated, so ``import ketlab`` must come from the
wheel -- the test checks that it does.
"""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run(cmd: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600, **kw)  # type: ignore[call-overload, no-any-return]


@pytest.mark.slow
def test_wheel_installs_and_runs(tmp_path: Path) -> None:
    pytest.importorskip("build")
    dist = tmp_path / "dist"
    r = _run([sys.executable, "-m", "build", "--outdir", str(dist), str(ROOT)])
    if r.returncode != 0 and "Could not find a version" in (r.stdout + r.stderr):
        pytest.skip("the isolated build backend could not be downloaded (offline)")
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    wheels = sorted(dist.glob("ketlab-*.whl"))
    sdists = sorted(dist.glob("ketlab-*.tar.gz"))
    assert len(wheels) == 1 and len(sdists) == 1, sorted(p.name for p in dist.iterdir())

    env = tmp_path / "env"
    venv.EnvBuilder(with_pip=True).create(env)
    py = env / "bin" / "python"
    r = _run([str(py), "-m", "pip", "install", "--quiet", "--no-deps", str(wheels[0])])
    assert r.returncode == 0, r.stderr[-2000:]
    # dependencies from this environment (path only: .pth files there are not processed)
    site = Path(
        _run(
            [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]
        ).stdout.strip()
    )
    (site / "ketlab_test_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    where = _run([str(py), "-c", "import ketlab; print(ketlab.__file__, ketlab.__version__)"])
    assert where.returncode == 0, where.stderr
    path, version = where.stdout.split()
    assert Path(path).is_relative_to(env), f"ketlab imported from {path}, not the wheel"
    assert version == wheels[0].name.split("-")[1]

    ketlab = env / "bin" / "ketlab"
    r = _run([str(ketlab), "--help"])
    assert r.returncode == 0 and "w-distill" in r.stdout, r.stdout + r.stderr
    r = _run([str(ketlab), "w-distill", "--rounds", "3", "--json"])
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["expected_epr"] == pytest.approx(3 / 4, abs=1e-12)  # eq. (13): D/(D+1)
    # a bad input still gives one line and exit 2 from the installed command
    r = _run([str(ketlab), "w-distill", "--rounds", "0"])
    assert r.returncode == 2 and "--rounds" in r.stderr + r.stdout
