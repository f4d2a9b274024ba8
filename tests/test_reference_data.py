"""Reference data loaded again on a database that staff have worked in keeps their work.

The set-up commands are read from the Makefile's `data` target and from the
README's production steps, so that a command added there is tested here.
"""

import json
import re
import shlex
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from award.models import Edition
from municipalities.models import County, Municipality, WrittenStandard
from nominations.models import Nominee

ROOT = Path(__file__).resolve().parent.parent
# Steps of the set-up that check, build the schema, copy files or serve rather than load data.
NOT_DATA = {"check", "migrate", "createcachetable", "collectstatic", "db_worker"}

pytestmark = pytest.mark.django_db


def makefile_data_commands():
    recipe = re.search(r"^data:.*\n((?:\t.*\n)+)", (ROOT / "Makefile").read_text(), re.MULTILINE)
    return [line.strip() for line in recipe.group(1).splitlines()]


def readme_production_commands():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("### Production:", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL).group(1)
    return [line for line in block.splitlines() if "manage.py" in line]


def manage_py_arguments(line):
    words = shlex.split(line.replace("$(PHASE)", "voting"))
    return words[words.index("manage.py") + 1 :]


def run_set_up_again(lines):
    for line in lines:
        arguments = manage_py_arguments(line)
        if arguments[0] not in NOT_DATA:
            call_command(*arguments, stdout=StringIO())


def load_history(**options):
    out = StringIO()
    call_command("load_history", stdout=out, **options)
    return out.getvalue()


def test_neither_the_makefile_nor_the_readme_loads_the_history_with_loaddata():
    commands = [manage_py_arguments(line)[0] for line in makefile_data_commands()]
    production = [manage_py_arguments(line)[0] for line in readme_production_commands()]

    assert "loaddata" not in commands + production
    assert commands.index("load_municipalities") < commands.index("load_history")
    assert production.index("load_municipalities") < production.index("load_history")


@pytest.mark.parametrize("set_up", [makefile_data_commands, readme_production_commands])
def test_running_the_set_up_again_keeps_what_staff_edited_in_the_history(history, set_up):
    edition = Edition.objects.get(year=2014)
    edition.summary = "Drammen kommune fikk prisen for arbeidet med bosetting (rettet av IMDi)."
    edition.body = "Teksten er skrevet om av en saksbehandler."
    edition.save()
    nominee = Nominee.objects.get(edition__year=2022, municipality__name="Bodø")
    nominee.description = "Bodø kommune har en egen los for hver familie (rettet av IMDi)."
    nominee.jury_rationale = "Juryens ord, rettet."
    nominee.save()
    # A row the history has and this database lacks: it is added again.
    Nominee.objects.get(edition__year=2022, municipality__name="Vennesla").delete()

    run_set_up_again(set_up())

    edition.refresh_from_db()
    nominee.refresh_from_db()
    assert edition.summary == "Drammen kommune fikk prisen for arbeidet med bosetting (rettet av IMDi)."
    assert edition.body == "Teksten er skrevet om av en saksbehandler."
    assert nominee.description == "Bodø kommune har en egen los for hver familie (rettet av IMDi)."
    assert nominee.jury_rationale == "Juryens ord, rettet."
    assert Nominee.objects.filter(edition__year=2022, municipality__name="Vennesla").exists()
    assert Edition.objects.filter(year__lte=2022).count() == 13
    assert Nominee.objects.filter(edition__year__lte=2022).count() == 22


def test_a_new_row_in_the_history_is_added_beside_the_edited_ones(history, tmp_path):
    edition = Edition.objects.get(year=2022)
    edition.summary = "Redigert av staben."
    edition.save()
    rows = json.loads((ROOT / "fixtures" / "history.json").read_text(encoding="utf-8"))
    rows.append(
        {
            "model": "nominations.nominee",
            "fields": {
                "edition": [2022],
                "municipality": ["4601"],
                "description": "Bergen kommune var også nominert i 2022.",
                "jury_rationale": "",
                "is_finalist": False,
                "is_winner": False,
            },
        }
    )
    source = tmp_path / "history.json"
    source.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")

    output = load_history(source=source)

    assert output == (
        "award.Edition: 0 new, 13 already there.\n"
        "nominations.Nominee: 1 new, 22 already there.\n"
    )
    bergen = Nominee.objects.get(edition__year=2022, municipality__number="4601")
    assert bergen.description == "Bergen kommune var også nominert i 2022."
    assert Edition.objects.get(year=2022).summary == "Redigert av staben."


def test_the_history_loads_into_an_empty_database(municipalities):
    assert load_history() == (
        "award.Edition: 13 new, 0 already there.\n"
        "nominations.Nominee: 22 new, 0 already there.\n"
    )
    assert Nominee.objects.filter(is_winner=True).count() == 13


def test_running_the_set_up_again_keeps_the_county_names_and_written_standards_staff_set():
    County.objects.filter(number="46").update(name="Vestland fylke")
    Municipality.objects.filter(number="4602").update(written_standard=WrittenStandard.NYNORSK)
    # A municipality the reference has and this database lacks is added again.
    Municipality.objects.filter(number="1103").delete()

    run_set_up_again(makefile_data_commands())

    assert County.objects.get(number="46").name == "Vestland fylke"
    assert Municipality.objects.get(number="4602").written_standard == WrittenStandard.NYNORSK
    assert Municipality.objects.get(number="1103").name == "Stavanger"
    assert Municipality.objects.count() == 357


def test_the_reference_still_renames_a_municipality_and_moves_it_to_another_county(tmp_path):
    csv = (ROOT / "fixtures" / "municipalities-2024.csv").read_text(encoding="utf-8")
    source = tmp_path / "municipalities.csv"
    source.write_text(
        csv.replace("4602,Kinn,,46,Vestland", "4602,Kinn og Florø,,15,Møre og Romsdal"),
        encoding="utf-8",
    )
    Municipality.objects.filter(number="4602").update(written_standard=WrittenStandard.NYNORSK)

    call_command("load_municipalities", source=source, stdout=StringIO())

    kinn = Municipality.objects.get(number="4602")
    assert (kinn.name, kinn.county.number, kinn.slug) == ("Kinn og Florø", "15", "kinn-og-floro")
    assert kinn.written_standard == WrittenStandard.NYNORSK
