"""The public site's reading pages, one of each kind, for the tests that walk them all.

They are there once the 2030 edition is in its vote with Stord among its nominees, and the
history fixture has brought 2022, won by Kinn.
"""

READING_PAGES = [
    "/",
    "/nn/",
    "/en/",
    "/arkiv/",
    "/kriterier/",
    "/tilgjengelighet/",
    "/personvern/",
    "/prisen/2030/",
    "/prisen/2030/stord/",
    "/prisen/2022/",
    "/prisen/2022/kinn/",
    "/prisen/2022/kunngjoring/",
]
