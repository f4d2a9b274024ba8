"""Where a request's time goes, in one process without gunicorn: python -m bench.profile.

Calls Django's WSGI handler directly for the baseline and the cached pages,
then goes through the vote cycle as one voter after another (the vote page,
the vote, the confirmation page, the confirmation) and sends the e-mails
those votes queued. Prints the time of each, then the functions that take
the most time while the front page is served from the page cache and while
votes are cast and confirmed.
"""

import cProfile
import io
import pstats
import time
import uuid
from http.cookies import SimpleCookie

import django

django.setup()

from django.core.handlers.wsgi import WSGIHandler  # noqa: E402 (after django.setup())
from django.test import Client  # noqa: E402
from django.test.client import RequestFactory  # noqa: E402

from award import mail  # noqa: E402
from award.models import Edition, OutgoingEmail  # noqa: E402
from bench.vote_cycle import LINK, form_token  # noqa: E402

ROUNDS = 2000
VOTERS = 200
DOMAIN = "profil.bench.example.com"

application = WSGIHandler()


def serve(path):
    environ = RequestFactory().get(path, HTTP_HOST="127.0.0.1").environ
    return b"".join(application(environ, lambda status, headers: None))


def per_request(path):
    serve(path)
    started = time.perf_counter()
    for _round in range(ROUNDS):
        serve(path)
    return (time.perf_counter() - started) / ROUNDS * 1000


def top(profile, title, count=12):
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(count)
    table = out.getvalue()
    return ["", title] + table[table.index("ncalls") - 3 :].rstrip().splitlines()


class VoteCycle:
    """Voters one after another, each step timed on its own; the links come from the e-mails."""

    STEPS = ["vote page", "vote", "confirmation page", "confirmation"]

    def __init__(self, slug, profile=None):
        self.slug = slug
        self.seconds = dict.fromkeys(self.STEPS, 0.0)
        self.profile = profile

    def step(self, name, request, *arguments, status=200):
        if self.profile:
            self.profile.enable()
        started = time.perf_counter()
        response = request(*arguments)
        self.seconds[name] += time.perf_counter() - started
        if self.profile:
            self.profile.disable()
        assert response.status_code == status, (name, response.status_code)
        return response

    def run(self, voters):
        # One client (a new one would set up the middleware again), a voter's cookies at a time.
        client = Client(enforce_csrf_checks=True, HTTP_HOST="127.0.0.1")
        waiting = []
        for _voter in range(voters):
            client.cookies = SimpleCookie()
            address = f"profil-{uuid.uuid4().hex[:12]}@{DOMAIN}"
            page = self.step("vote page", client.get, f"/stem/{self.slug}/")
            data = {"email": address, "csrfmiddlewaretoken": form_token(page.content)}
            self.step("vote", client.post, f"/stem/{self.slug}/", data, status=302)
            waiting.append((client.cookies, address))
        # The links are read from the e-mails before they leave: sending erases them.
        links = {
            email.recipient: LINK.search(email.body.encode()).group(1).decode()
            for email in OutgoingEmail.objects.due().filter(recipient__endswith=DOMAIN)
        }
        sending = self.deliver()
        for cookies, address in waiting:
            client.cookies = cookies
            link = links[address]
            page = self.step("confirmation page", client.get, link)
            data = {"csrfmiddlewaretoken": form_token(page.content)}
            self.step("confirmation", client.post, link, data)
        sending += self.deliver()
        lines = [f"{name:<20} {self.seconds[name] / voters * 1000:6.3f} ms" for name in self.STEPS]
        per_message = sending / (2 * voters) * 1000
        lines.append(f"{'e-mail (worker)':<20} {per_message:6.3f} ms per message, two per voter")
        return lines

    def deliver(self):
        """Send what the votes queued, as the worker's delivery run does."""
        started = time.perf_counter()
        mail.deliver.call()
        return time.perf_counter() - started


def main():
    edition = Edition.objects.current()
    slug = edition.nominees.order_by("municipality__name").first().municipality.slug
    paths = ["/bench/baseline/", "/", "/arkiv/", "/stem/", f"/stem/{slug}/"]
    lines = [f"{path:<20} {per_request(path):6.3f} ms per request in Django" for path in paths]

    lines += ["", f"The vote cycle, {VOTERS} voters one after another, per voter:"]
    lines += VoteCycle(slug).run(VOTERS)
    cycle = cProfile.Profile()
    VoteCycle(slug, cycle).run(VOTERS // 4)

    profile = cProfile.Profile()
    profile.enable()
    for _round in range(ROUNDS):
        serve("/")
    profile.disable()
    lines += top(profile, "The front page from the page cache, by own time:")
    lines += top(cycle, "The vote cycle's four requests, by own time:")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
