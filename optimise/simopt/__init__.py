"""Plans checked by simulation: simulate a plan, correct the requirement where it falls short,
re-plan, until the simulated targets hold."""

from optimise.simopt.emergencies import Emergency, same_horizon
from optimise.simopt.service import pooled_service, queue_verdicts, wilson_interval
from optimise.simopt.verify import VerifiedPlan, verify_plan

__all__ = [
    "Emergency",
    "VerifiedPlan",
    "pooled_service",
    "queue_verdicts",
    "same_horizon",
    "verify_plan",
    "wilson_interval",
]
