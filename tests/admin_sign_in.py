"""Signing in to the admin in a real browser, by the form's visible labels."""

from playwright.sync_api import expect


def sign_in(page, username):
    """Signs in as `username` (with the factories' password) and waits for the admin's index."""
    page.goto("/admin/")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill("passord-for-test")
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_role("heading", name="Administrasjon", exact=True)).to_be_visible()
