"""Campaign 50 (Cuộc vận động 50): the campaign and its phases, objectives and criteria
(reference-like, army-wide), the steering committees, the yearly score sheets of the units,
emulation blocks and pledges."""

from .reference import Campaign, Criterion, CriterionGroup, Objective, Phase, PhaseLabel, TieBreak
from .units import (
                        CommitteeMember,
                        EmulationBlock,
                        Pledge,
                        PledgeItem,
                        Score,
                        Sheet,
                        SteeringCommittee,
)

__all__ = ["Campaign", "CommitteeMember", "Criterion", "CriterionGroup", "EmulationBlock",
           "Objective", "Phase", "PhaseLabel", "Pledge", "PledgeItem", "Score", "Sheet",
           "SteeringCommittee", "TieBreak"]
