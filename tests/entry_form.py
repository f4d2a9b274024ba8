"""The nomination form filled in by its visible labels, for the tests that drive a browser.

Kinn's entry: a draft holds the municipality, the contact person and the
consent; the answers complete it for submission.
"""


def fill_draft(page):
    page.get_by_label("Kommune", exact=True).select_option(label="Kinn")
    page.get_by_label("Navn", exact=True).fill("Kari Nordmann")
    page.get_by_label("E-postadresse", exact=True).fill("kari@kinn.kommune.no")
    page.get_by_label("Jeg samtykker").check()


def fill_answers(page):
    page.get_by_label("Enheten som sender forslaget", exact=True).fill("Flyktningtenesta")
    page.get_by_label("Rolle eller stilling", exact=True).fill("Leiar")
    page.get_by_label("Telefonnummer", exact=True).fill("57 00 00 00")
    page.get_by_label("Antall deltakere i introduksjonsprogrammet", exact=True).fill("40")
    page.get_by_label("Andel i arbeid eller utdanning rett etter programmet (%)", exact=True).fill("62,5")
    page.get_by_label("Andel i arbeid eller utdanning ett år etter programmet (%)", exact=True).fill("70")
    page.get_by_label("Antall flyktninger staten ba kommunen bosette (anmodning)", exact=True).fill("30")
    page.get_by_label("Antall flyktninger kommunen bosatte", exact=True).fill("32")
    page.get_by_role(
        "group", name="Har kommunestyret vedtatt å bosette i tråd med anmodningen?"
    ).get_by_label("Ja").check()
    page.get_by_label("Engasjement og fleksibilitet i bosettingen", exact=True).fill("Vi bosetter raskt.")
    page.get_by_label("Nye prosjekter og tiltak", exact=True).fill("Språkpraksis i bedrifter.")
    page.get_by_label("Tilpasset program og formell kompetanse", exact=True).fill("Fagbrev for voksne.")


def fill_entry(page):
    fill_draft(page)
    fill_answers(page)
