"""Benchmark: dissipative LMG steady states (paper 004), ketlab vs ``qutip.steadystate``.

Every measurement runs in a fresh subprocess (wall time of the solve, peak RSS of the process
from ``getrusage``), so native allocations of SuperLU / MKL Pardiso count too. QuTiP gets the
same Liouvillian: ``H = -2h J_z - (2 lambda/N) J_x^2`` with collapse operators
``sqrt(2 Gamma_a/N) 2 J_x`` and ``sqrt(2 Gamma_b/N) J_+`` (its dissipator is half the paper's).

Peers: ``qutip.steadystate`` plain default (``solver="spsolve"``, SciPy SuperLU: what a user
without MKL gets) and its fastest installable configuration (``solver="mkl_spsolve"``, MKL
Pardiso from the ``mkl<2025`` wheel: QuTiP's MKL detection needs ``mkl_cspblas_zcsrgemv``,
which MKL 2025+ no longer ships).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from ._harness import Measurement, Row

H, LAM, GA, GB = 0.5, 1.0, 0.01, 0.2
TIMEOUT = 600

_KETLAB = """
import time, resource, json
from ketlab.models.lmg import steady_state
t = time.perf_counter()
ss = steady_state({n}, {h}, {lam}, {ga}, {gb}, method={method!r})
dt = time.perf_counter() - t
print(json.dumps({{"s": dt, "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                   "jz": ss.observables["jz_over_j"], "res": ss.residual, "note": ss.solver}}))
"""

_QUTIP = """
import time, resource, json
import numpy as np, qutip
n, h = {n}, {h}
j = n / 2
H = -2 * h * qutip.jmat(j, "z") - (2 * {lam} / n) * qutip.jmat(j, "x") ** 2
c = [np.sqrt(2 * {ga} / n) * 2 * qutip.jmat(j, "x"), np.sqrt(2 * {gb} / n) * qutip.jmat(j, "+")]
L = qutip.liouvillian(H, c)
t = time.perf_counter()
rho = qutip.steadystate(L, solver={solver!r})
dt = time.perf_counter() - t
print(json.dumps({{"s": dt, "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                   "jz": float(qutip.expect(qutip.jmat(j, "z"), rho)) / j, "res": None,
                   "note": "mkl=%s" % qutip.settings.has_mkl}}))
"""

_SWEEP = """
import time, resource, json
import numpy as np
from ketlab.models.lmg import steady_state_observables
hs = np.linspace(-0.5, 1.5, 201)
t = time.perf_counter()
out = [steady_state_observables(100, float(h)) for h in hs]
dt = time.perf_counter() - t
print(json.dumps({"s": dt, "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "jz": out[100]["jz_over_j"], "res": max(o["residual"] for o in out),
                  "note": "201 fields"}))
"""


# --- open systems (issue #18): local processes vs piqs, evolution vs mesolve -----------------

_K_LOCAL = """
import time, resource, json
from ketlab.models.lmg import steady_state
t = time.perf_counter()
ss = steady_state({n}, 0.5, 1.0, 0.01, 0.2, local_emission=0.05, local_dephasing=0.02)
dt = time.perf_counter() - t
print(json.dumps({{"s": dt, "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                   "jz": ss.observables["jz_over_j"], "res": ss.residual, "note": ss.solver}}))
"""

_PIQS_LOCAL = """
import time, resource, json
import numpy as np, qutip
from qutip.piqs.piqs import Dicke, jspin
n = {n}
t = time.perf_counter()
sys_ = Dicke(n, hamiltonian=-jspin(n, "z") - (2.0 / n) * jspin(n, "x") ** 2,
             emission=0.1, dephasing=0.04, collective_pumping=2 * 0.2 / n)
L = sys_.liouvillian()
L = L + qutip.lindblad_dissipator(np.sqrt(2 * 0.01 / n) * 2 * jspin(n, "x"))
rho = qutip.steadystate(L)
dt = time.perf_counter() - t
print(json.dumps({{"s": dt, "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                   "jz": float(qutip.expect(jspin(n, "z"), rho)) / (n / 2), "res": None,
                   "note": "piqs Liouvillian + steadystate"}}))
"""

_K_EVOLVE = """
import time, resource, json
import numpy as np
from ketlab.models.lmg import evolve
t = time.perf_counter()
out = evolve({n}, 0.5, times=np.linspace(0, {tmax}, {k}))
dt = time.perf_counter() - t
print(json.dumps({{"s": dt, "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                   "jz": out["jz_over_j"][-1], "res": None, "note": "expm_multiply, even sector"}}))
"""

_Q_EVOLVE = """
import time, resource, json
import numpy as np, qutip
n = {n}
j = n / 2
H = -2 * 0.5 * qutip.jmat(j, "z") - (2 / n) * qutip.jmat(j, "x") ** 2
c = [np.sqrt(2 * 0.01 / n) * 2 * qutip.jmat(j, "x"), np.sqrt(2 * 0.2 / n) * qutip.jmat(j, "+")]
rho0 = qutip.ket2dm(qutip.spin_state(j, -j))
t = time.perf_counter()
r = qutip.mesolve(H, rho0, np.linspace(0, {tmax}, {k}), c, e_ops=[qutip.jmat(j, "z")],
                  options={{"atol": 1e-10, "rtol": 1e-8}})
dt = time.perf_counter() - t
print(json.dumps({{"s": dt, "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                   "jz": float(r.expect[0][-1]) / j, "res": None, "note": "mesolve atol 1e-10"}}))
"""


def open_rows(n_local: int = 40, n_evolve: int = 200, t_max: float = 20.0) -> list[Row]:
    """Local processes vs piqs + steadystate, evolution vs mesolve (interleaved, one shot)."""
    rows = []
    k, kd = _run("ketlab", _K_LOCAL.format(n=n_local))
    p, pd = _run("piqs + qutip.steadystate", _PIQS_LOCAL.format(n=n_local))
    rows.append(
        Row(
            f"LMG + local emission 0.05, dephasing 0.02, N = {n_local} (Dicke ladder)",
            k,
            peers=[p],
            target=">= 30x faster than piqs + steadystate",
            check=f"<Jz>/j ketlab {kd.get('jz')} piqs {pd.get('jz')}; residual {kd.get('res')}",
        )
    )
    k, kd = _run("ketlab", _K_EVOLVE.format(n=n_evolve, tmax=t_max, k=101))
    q, qd = _run("qutip.mesolve", _Q_EVOLVE.format(n=n_evolve, tmax=t_max, k=101))
    rows.append(
        Row(
            f"LMG evolution from |j,-j>, N = {n_evolve}, t = 0..{t_max:g}, 101 points",
            k,
            peers=[q],
            target=">= 10x faster than qutip.mesolve",
            check=f"<Jz>/j(t_max) ketlab {kd.get('jz')} mesolve {qd.get('jz')}",
        )
    )
    return rows


REPEATS = 3  # steady states at N = 400: median wall time of 3 fresh processes per tool


def _run_median(tool: str, code: str, repeats: int = REPEATS) -> tuple[Measurement, dict]:
    """Median wall time (and largest peak RSS) over ``repeats`` fresh processes."""
    runs = [_run(tool, code) for _ in range(repeats)]
    ok = [(m, d) for m, d in runs if m.seconds is not None]
    if len(ok) < len(runs):
        return next(r for r in runs if r[0].seconds is None)
    ok.sort(key=lambda r: r[0].seconds or 0.0)
    m, d = ok[len(ok) // 2]
    rss = max(r[0].peak_mib or 0.0 for r in ok)
    note = f"{m.note}; median of {len(ok)}" if m.note else f"median of {len(ok)}"
    return Measurement(tool, m.seconds, rss, note), d


def _run(tool: str, code: str) -> tuple[Measurement, dict]:
    try:
        p = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(code)],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        return Measurement(tool, None, None, f"timed out after {TIMEOUT} s"), {}
    if p.returncode != 0:
        last = (p.stderr.strip().splitlines() or ["?"])[-1]
        return Measurement(tool, None, None, f"unavailable: {last}"), {}
    d = json.loads(p.stdout.strip().splitlines()[-1])
    return Measurement(tool, d["s"], d["rss"], d.get("note", "")), d


_PEERS = (("qutip default (spsolve)", "spsolve"), ("qutip mkl_spsolve", "mkl"))


def _steady_row(n: int, target: str, h: float = H, peers: tuple = _PEERS) -> Row:
    k, kd = _run_median(
        "ketlab",
        _KETLAB.format(n=n, h=h, lam=LAM, ga=GA, gb=GB, method="auto"),
    )
    row = Row(f"LMG steady state N = {n}, h = {h} (peak RSS MiB)", k, target=target)
    checks = [f"ketlab <Jz>/j {kd.get('jz', float('nan')):.10f} residual {kd.get('res')}"]
    for name, solver in peers:
        m, d = _run_median(name, _QUTIP.format(n=n, h=h, lam=LAM, ga=GA, gb=GB, solver=solver))
        row.peers.append(m)
        if d:
            checks.append(f"{name} <Jz>/j {d['jz']:.10f}")
    row.check = "; ".join(checks)
    return row


def run() -> list[Row]:
    rows = open_rows()
    rows += [_steady_row(400, ">= 10x faster than the faster QuTiP configuration")]
    # near h_+^c = 0.99 (normal side) and deeper in the broken phase, against QuTiP + MKL only
    for h in (0.99, 0.2):
        rows.append(_steady_row(400, "(other fields)", h=h, peers=_PEERS[1:]))
    e, ed = _run("ketlab exact", _KETLAB.format(n=400, h=H, lam=LAM, ga=GA, gb=GB, method="exact"))
    rows.append(
        Row(
            "LMG steady state N = 400, no truncation (ketlab exact)",
            e,
            check=f"<Jz>/j {ed.get('jz')}, residual {ed.get('res')}",
        )
    )
    for n in (2000, 3000):
        m, d = _run("ketlab", _KETLAB.format(n=n, h=H, lam=LAM, ga=GA, gb=GB, method="auto"))
        rows.append(
            Row(
                f"LMG steady state N = {n}, h = {H} (largest-N target)",
                m,
                target="N >= 2000 within 60 s and 8 GiB",
                check=f"<Jz>/j {d.get('jz')}, residual {d.get('res')}; {d.get('note')}",
            )
        )
    m, d = _run("ketlab", _SWEEP)
    rows.append(
        Row(
            "201-point h sweep, N = 100 (steady_state_observables)",
            m,
            target="< 30 s",
            check=f"max residual {d.get('res')}",
        )
    )
    return rows
