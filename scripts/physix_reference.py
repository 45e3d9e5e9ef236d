#!/usr/bin/env python3
"""The PhysiX verifier as the original PhysiX-Live pipeline does it, for `npm run bench` to
compare against: parse with Python's `ast` (whitelisted nodes) into a SymPy expression,
`sympy.lambdify` it to NumPy, integrate with `scipy.integrate.odeint` and score R^2 per state
variable against the observed data.

Input (stdin, JSON): {"seconds": s, "cases": [{"system", "state_variables", "equation",
"params", "initial", "times", "observed": [[column] per variable], "held_out": [...]?}],
"tolerances": {...}?}. Without "tolerances" this is the original pipeline: one odeint call at
its default tolerances (rtol = atol = 1.49e-8) on the shown data. With "tolerances"
({"shown": [rtol, atol], "held_out": [rtol, atol]}) it does the work verilab's verify does:
the shown data and then every case's "held_out" experiments ({"initial", "times",
"observed", "sigma"}), each its own odeint call at those tolerances, scored by the worst
noise-scaled mean squared error. Each system's cases are verified round-robin for about
`seconds`, after one untimed pass. Output (stdout, JSON): {"<system>": verifications per
second of process CPU time}. Needs numpy, scipy and sympy.
"""
import ast
import json
import sys
import time

import numpy as np
import sympy as sp
from scipy.integrate import odeint

FUNCS = {"sin": sp.sin, "cos": sp.cos, "tan": sp.tan, "exp": sp.exp, "log": sp.log,
         "sqrt": sp.sqrt, "abs": sp.Abs, "Abs": sp.Abs}
OPERATORS = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b,
             ast.Mult: lambda a, b: a * b, ast.Div: lambda a, b: a / b,
             ast.Pow: lambda a, b: a ** b}


def to_sympy(node, syms):
    if isinstance(node, ast.Expression):
        return to_sympy(node.body, syms)
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return sp.Float(node.value)
    if isinstance(node, ast.Name):
        if node.id not in syms:
            raise ValueError("unknown symbol " + node.id)
        return syms[node.id]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = to_sympy(node.operand, syms)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp) and type(node.op) in OPERATORS:
        return OPERATORS[type(node.op)](to_sympy(node.left, syms), to_sympy(node.right, syms))
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id in FUNCS and not node.keywords):
        return FUNCS[node.func.id](*[to_sympy(arg, syms) for arg in node.args])
    raise ValueError("disallowed syntax")


def verify(equation, params, state_vars, t, observed, y0, held_out=(), tolerances=None):
    syms = {v: sp.Symbol(v) for v in state_vars}
    syms.update({k: sp.Float(v) for k, v in params.items()})
    derivs = {}
    for part in equation.replace("\n", ";").split(";"):
        if not part.strip():
            continue
        lhs, rhs = part.split("=", 1)
        lhs = lhs.strip().replace(" ", "")
        order = 2 if lhs.startswith("d2") else 1
        var = lhs[2:lhs.index("/")] if order == 2 else lhs[1:lhs.index("/")]
        expr = to_sympy(ast.parse(rhs.strip().replace("^", "**"), mode="eval"), syms)
        if order == 2:
            velocity = ("v" + var) if ("v" + var) in syms else ("d" + var)
            derivs[var] = sp.Symbol(velocity)
            derivs[velocity] = expr
        else:
            derivs[var] = expr
    exprs = [derivs[v] for v in state_vars]
    f = sp.lambdify([sp.Symbol(v) for v in state_vars], exprs, "numpy")
    shown_tol = {} if tolerances is None else dict(zip(("rtol", "atol"), tolerances["shown"]))
    sol = odeint(lambda s, _t: f(*s), y0, t, **shown_tol)
    r2 = []
    for i in range(len(state_vars)):
        obs = observed[:, i]
        ss = ((obs - obs.mean()) ** 2).sum()
        r2.append(max(0.0, 1 - ((sol[:, i] - obs) ** 2).sum() / ss) if ss > 0 else 0.0)
    worst = 0.0
    for times, held_observed, initial, sigma in held_out:
        held_tol = dict(zip(("rtol", "atol"), tolerances["held_out"]))
        predicted = odeint(lambda s, _t: f(*s), initial, times, **held_tol)
        worst = max(worst, float((((predicted - held_observed) / sigma) ** 2).mean(axis=0).max()))
    return float(np.mean(r2)), worst


def main():
    request = json.load(sys.stdin)
    tolerances = request.get("tolerances")
    by_system = {}
    for case in request["cases"]:
        held_out = [(np.array(e["times"]), np.array(e["observed"]).T, np.array(e["initial"]),
                     np.array(e["sigma"])) for e in case.get("held_out", [])]
        prepared = (case["equation"], case["params"], case["state_variables"],
                    np.array(case["times"]), np.array(case["observed"]).T,
                    np.array(case["initial"]), held_out, tolerances)
        by_system.setdefault(case["system"], []).append(prepared)
    rates = {}
    for system, cases in by_system.items():
        for prepared in cases:
            r2, held_out_error = verify(*prepared)
            # The truth's held-out error is the noise alone: about 1 (in sigma^2), never 3.
            if r2 < 0.99 or held_out_error > 3:
                raise SystemExit(system + ": the reference rejects the ground truth")
        done = 0
        start = time.perf_counter()
        cpu_start = time.process_time()
        while time.perf_counter() - start < request["seconds"]:
            verify(*cases[done % len(cases)])
            done += 1
        rates[system] = done / (time.process_time() - cpu_start)
    json.dump(rates, sys.stdout)


main()
