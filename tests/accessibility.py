"""An axe-core scan that fails on serious or critical violations."""

from axe_playwright_python.sync_playwright import Axe

BLOCKING = {"serious", "critical"}

_axe = Axe()


def assert_accessible(page):
    violations = _axe.run(page).response["violations"]
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    details = "\n".join(
        f"{v['impact']}: {v['id']} – {v['help']} ({len(v['nodes'])}× e.g. "
        f"{v['nodes'][0]['target']})"
        for v in blocking
    )
    assert not blocking, f"{page.url}\n{details}"
