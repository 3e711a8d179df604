"""Random small worlds: the fast code agrees with the slow statement of the rules.

(1) The vectorised eligibility (:mod:`planner.rules.eligibility`) and the scalar rules
(:mod:`planner.rules.plain`) refuse, force and cost every pair alike.
(2) What the solver returns is what plain enumeration, judged by the validator alone, finds:
the same least cost, the same "no plan" verdict, and the same ranked costs under contract
section 5's rule (plan k+1 is the cheapest plan that differs from each of plans 1..k in at
least ``min_difference`` seats). Ties make *which* plan is chosen arbitrary, so the ranking is
checked against the solver's own earlier plans, and costs are compared, not holders.
"""

from __future__ import annotations

from helpers_instances import World, all_valid_plans, check_outcome, differs, families_of, worlds
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from models.engines import Status
from models.families import Family
from planner.domain.distance import whole_km
from planner.rules.plain import is_local, keep_refusals, placement_refusals
from planner.solve.strategy import solve_ranked

SETTINGS = settings(
    max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


@SETTINGS
@given(worlds(max_seats=6, max_officials=8))
def test_vectorised_eligibility_agrees_with_the_rules(world: World) -> None:
    problem = world.problem(all_pairs=True)
    ctx = world.context()
    assert problem.seat_ids == tuple(ctx.seats)
    assert problem.official_ids == tuple(ctx.officials)
    inst = problem.instance
    seen = set()
    for i in range(inst.n_pairs):
        o = problem.official_ids[inst.pair_official[i]]
        s = problem.seat_ids[inst.pair_seat[i]]
        seen.add((o, s))
        keep = ctx.incumbent[s] == o
        assert bool(inst.pair_keep[i]) == keep
        refusals = keep_refusals(ctx, o, s) if keep else placement_refusals(ctx, o, s)
        assert Family(int(inst.pair_refused[i])) == Family(families_of(refusals)), (o, s, refusals)
        assert bool(inst.pair_nonlocal[i]) == (not is_local(ctx, o, s)), (o, s)
        official, seat = ctx.officials[o], ctx.seats[s]
        km = 0 if keep else whole_km(ctx.km(official, seat))
        assert int(inst.pair_km[i]) == km, (o, s)
        assert int(inst.pair_score[i]) == ctx.preference(o, seat), (o, s)
        forced = Family(0)
        if keep and ctx.must_keep(official):
            forced |= Family.TENURE
        if any(p.keep and p.official_id == o and p.seat_id == s for p in ctx.pins):
            forced |= Family.PIN
        assert Family(int(inst.pair_forced[i])) == forced, (o, s)
    # all_pairs: every official taking part against every seat in scope
    assert seen == {(o, s) for o in ctx.officials for s in ctx.seats}
    # whose release is charged (section 5): the model and the plain rules agree
    charged = inst.charged()
    for i, o in enumerate(problem.official_ids):
        assert bool(charged[i]) == ctx.release_charged(ctx.officials[o]), o

    # without all_pairs, no allowed pair may be missing from the model
    slim = world.problem()
    inst = slim.instance
    kept = {
        (slim.official_ids[inst.pair_official[i]], slim.seat_ids[inst.pair_seat[i]])
        for i in range(inst.n_pairs)
    }
    for o in ctx.officials:
        for s in ctx.seats:
            keep = ctx.incumbent[s] == o
            allowed = not (keep_refusals(ctx, o, s) if keep else placement_refusals(ctx, o, s))
            if allowed:
                assert (o, s) in kept, (o, s)


@SETTINGS
@given(worlds(max_seats=4, max_officials=6))
def test_solver_agrees_with_brute_force(world: World) -> None:
    _agrees_with_brute_force(world)


@SETTINGS
@given(
    worlds(max_seats=4, max_officials=6, strict=False), st.sampled_from(("auto", "highs", "cp-sat"))
)
def test_solver_ranks_like_brute_force(world: World, engine: str) -> None:
    """Lenient worlds: many valid plans, so the ranking rule has work to do; every engine."""
    _agrees_with_brute_force(world, engine)


def _agrees_with_brute_force(world: World, engine: str = "auto") -> None:
    problem = world.problem()
    ctx = world.context()
    count, d = world.scenario.plans.count, world.scenario.plans.min_difference
    outcome = solve_ranked(
        problem.instance, count=count, min_difference=d, time_limit_s=30.0, engine=engine
    )
    valid = all_valid_plans(ctx)
    event(f"valid plans: {min(len(valid), 3)}{'+' if len(valid) >= 3 else ''}")
    if not valid:
        assert outcome.status is Status.INFEASIBLE, [s.objective for s in outcome.solutions]
        return
    assert outcome.status is Status.OPTIMAL, (outcome.status, min(c for c, _ in valid))
    plans, _reports = check_outcome(problem, outcome, ctx)  # validated, one cost everywhere
    for k, plan in enumerate(plans):
        assert plan.status == "OPTIMAL"
        # the least cost among plans that differ enough from the solver's plans 1..k
        rivals = [c for c, h in valid if all(differs(h, p.holders) >= d for p in plans[:k])]
        assert rivals, f"plan {k + 1} differs too little, or brute force missed it"
        assert plan.cost == min(rivals), (k + 1, plan.cost, min(rivals))
    if len(plans) < count:
        assert outcome.exhausted
        rest = [c for c, h in valid if all(differs(h, p.holders) >= d for p in plans)]
        assert not rest, f"no plan {len(plans) + 1} returned, but one of cost {min(rest)} exists"
