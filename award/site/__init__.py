"""The part of the award that reads every app: the top of the dependency chain.

The public pages, open data, the announcement and the press release, the
metrics, the root URLconf, the admin of editions and the demo command. Nothing
below (municipalities, the rest of award, nominations, voting, campaign)
imports from here.
"""
