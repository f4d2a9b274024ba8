"""The public vote's models, one noun a module; every public name is read from here."""

from .address import (
    SEAL_BLOCK,
    address_domain,
    is_disposable,
    seal,
    seal_key,
    unseal,
    validate_voter_address,
    voter_key,
)
from .cluster import (
    BURST_MIN_VOTES,
    BURST_WINDOW,
    CLUSTER_FIELDS,
    CLUSTER_MIN_VOTES,
    ClusterKind,
    ClusterQuerySet,
)
from .count import SHARDS, VoteCount
from .standing import FINALIST_COUNT, Finalists, Standing, StandingQuerySet, has_public_result
from .tally import COUNTED, UNCONFIRMED, VOIDED, TallyQuerySet, counts
from .voiding import Voiding
from .vote import (
    MAX_UNCONFIRMED_PER_PERSON,
    NOT_YET_OPEN,
    USER_AGENT_MAX_LENGTH,
    AlreadyVoted,
    Confirmation,
    Outcome,
    TooManyUnconfirmed,
    Vote,
    VoteQuerySet,
    VotingClosed,
    confirmation_lifetime,
)

__all__ = [
    "BURST_MIN_VOTES",
    "BURST_WINDOW",
    "CLUSTER_FIELDS",
    "CLUSTER_MIN_VOTES",
    "COUNTED",
    "FINALIST_COUNT",
    "MAX_UNCONFIRMED_PER_PERSON",
    "NOT_YET_OPEN",
    "SEAL_BLOCK",
    "SHARDS",
    "UNCONFIRMED",
    "USER_AGENT_MAX_LENGTH",
    "VOIDED",
    "AlreadyVoted",
    "ClusterKind",
    "ClusterQuerySet",
    "Confirmation",
    "Finalists",
    "Outcome",
    "Standing",
    "StandingQuerySet",
    "TallyQuerySet",
    "TooManyUnconfirmed",
    "Voiding",
    "Vote",
    "VoteCount",
    "VoteQuerySet",
    "VotingClosed",
    "address_domain",
    "confirmation_lifetime",
    "counts",
    "has_public_result",
    "is_disposable",
    "seal",
    "seal_key",
    "unseal",
    "validate_voter_address",
    "voter_key",
]
