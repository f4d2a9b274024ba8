"""The jury (seats, conflicts, scores and their history) moves to the nominations app.

Only Django's idea of the models moves: the tables are renamed in place
(award_* to nominations_*, the names every other table of an app follows), so
every row keeps its id, its constraints and its history. nominations.0007
takes the models up and moves their content types, which the permissions,
the groups and the admin's log point at.
"""

from django.db import migrations

# The six tables, by model name; the same names in nominations.0007.
JURY_MODELS = [
    "jurymember",
    "conflict",
    "assessment",
    "historicaljurymember",
    "historicalconflict",
    "historicalassessment",
]


class Migration(migrations.Migration):

    dependencies = [
        ("award", "0007_venue_in_nynorsk_and_english"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name=model, table=f"nominations_{model}")
                for model in JURY_MODELS
            ],
            state_operations=[
                migrations.RemoveField(
                    model_name='conflict',
                    name='juror',
                ),
                migrations.RemoveField(
                    model_name='conflict',
                    name='municipality',
                ),
                migrations.RemoveField(
                    model_name='historicalassessment',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalassessment',
                    name='juror',
                ),
                migrations.RemoveField(
                    model_name='historicalassessment',
                    name='nomination',
                ),
                migrations.RemoveField(
                    model_name='historicalconflict',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalconflict',
                    name='juror',
                ),
                migrations.RemoveField(
                    model_name='historicalconflict',
                    name='municipality',
                ),
                migrations.RemoveField(
                    model_name='historicaljurymember',
                    name='edition',
                ),
                migrations.RemoveField(
                    model_name='historicaljurymember',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicaljurymember',
                    name='user',
                ),
                migrations.RemoveField(
                    model_name='jurymember',
                    name='edition',
                ),
                migrations.RemoveField(
                    model_name='jurymember',
                    name='user',
                ),
                migrations.DeleteModel(
                    name='Assessment',
                ),
                migrations.DeleteModel(
                    name='Conflict',
                ),
                migrations.DeleteModel(
                    name='HistoricalAssessment',
                ),
                migrations.DeleteModel(
                    name='HistoricalConflict',
                ),
                migrations.DeleteModel(
                    name='HistoricalJuryMember',
                ),
                migrations.DeleteModel(
                    name='JuryMember',
                ),
            ],
        ),
    ]
